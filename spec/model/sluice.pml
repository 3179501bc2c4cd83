/*
 * sluice.pml: a SPIN model of Sluice's micro-batch, atomic-publish and recovery machines
 * (spec/micro_batch_machine.h, spec/atomic_publish_machine.h, spec/recovery_machine.h), with a
 * crash possible before every step and an I/O error possible at every step that can fail.
 *
 * The world: one source holding N records, all available; a sink that survives crashes and is
 * idempotent on the batch id; a checkpoint with offsets/, commits/ and state versions, each entry
 * published by the atomic-publish machine. A name is visible once renamed and durable once its
 * directory is synced; a crash keeps or loses each name that is not yet durable. Entry contents
 * are synced before the rename, so a visible entry is never torn. Removing a stale state version
 * before re-committing it is taken as durable at once.
 *
 * Checked (spin -a; pan): every assertion below holds on every interleaving of crashes and errors
 * (at most MAXFAULTS of them per run), and every run ends (no invalid end state):
 *   - a batch re-run after a crash reads exactly what its first run read, and the sink sees the
 *     same batch (exactly-once on an idempotent sink);
 *   - no batch reads input that the source was told it could discard;
 *   - a batch loads the state version that matches its start offset;
 *   - recovery never finds the log inconsistent;
 *   - at the end the sink holds batches 0..k whose ranges cover [0, N) once, in order.
 *
 * Every transition is written as mb_step / ap_step / rc_step(from, event, to), with the names of
 * the C++ tables (less the prefix); tests/spec/model_matches_tables_test.cc checks that the two
 * name the same transitions. -DCOMMIT_BEFORE_SINK builds the known-wrong order in which commits/N
 * is written before the sink holds batch N; SPIN must then find a violation.
 */

#define N 3          /* records in the source */
#define MAXB 4       /* batch ids 0..MAXB-1 */
#define MAXFAULTS 4  /* crashes and I/O errors per run */
#define NONE 255

mtype = {
  mb_idle, mb_planning, mb_deciding, mb_writing_offsets, mb_acknowledging_sources,
  mb_reading_input, mb_executing, mb_writing_sink, mb_committing_state, mb_writing_commit,
  mb_purging_logs, mb_maintaining_state, mb_advancing_watermark, mb_reporting, mb_done,
  mb_no_batch, mb_failed,
  ap_start, ap_writing_temp, ap_syncing_temp, ap_renaming, ap_syncing_dir, ap_published, ap_failed,
  rc_start, rc_reading_metadata, rc_reading_logs, rc_deciding, rc_fresh_start, rc_resume_next,
  rc_replay_uncommitted, rc_refused
};

#define mb_step(f, e, t) assert(mb == f); mb = t
#define ap_step(f, e, t) assert(ap == f); ap = t
#define rc_step(f, e, t) assert(rc == f); rc = t

/* A fault is possible while fewer than MAXFAULTS happened. */
#define FAULT (faults < MAXFAULTS) -> faults++
#define CRASH_POINT if :: (faults < MAXFAULTS) -> faults++; goto crashed :: true -> skip fi

mtype mb = mb_idle, ap = ap_start, rc = rc_start;
byte faults = 0;

/* Durable world. */
bool off_name[MAXB], off_dname[MAXB];  /* offsets/b visible, durable */
byte off_end[MAXB];
bool com_name[MAXB], com_dname[MAXB];  /* commits/b */
bool st_name[MAXB + 1], st_dname[MAXB + 1];  /* state version v */
byte st_val[MAXB + 1];                 /* the offset the state has absorbed up to */
bool sink_has[MAXB];
byte sink_start[MAXB], sink_end[MAXB];
byte acked = 0;                        /* the source may discard input below this */

/* Engine memory, lost in a crash. */
byte next_id, committed_end, b_id, b_start, b_end;
bool replay, pub_ok;
byte i, latest, commit;

#define OFFSETS 0
#define COMMITS 1
#define STATE 2

/* Whether entry idx of log lg is visible; making it visible, durable. */
#define NAMED(lg, idx) ((lg == OFFSETS && off_name[idx]) || (lg == COMMITS && com_name[idx]) || \
                        (lg == STATE && st_name[idx]))
inline set_named(lg, idx) {
  if :: lg == OFFSETS -> off_name[idx] = true :: lg == COMMITS -> com_name[idx] = true
     :: lg == STATE -> st_name[idx] = true fi
}
inline set_durable(lg, idx) {
  if :: lg == OFFSETS -> off_dname[idx] = true :: lg == COMMITS -> com_dname[idx] = true
     :: lg == STATE -> st_dname[idx] = true fi
}

inline publish(lg, idx) {
  pub_ok = false;
  ap = ap_start;
  ap_step(ap_start, begin, ap_writing_temp);
  CRASH_POINT;
  if
  :: FAULT -> ap_step(ap_writing_temp, error, ap_failed)
  :: true -> ap_step(ap_writing_temp, ok, ap_syncing_temp);
     CRASH_POINT;
     if
     :: FAULT -> ap_step(ap_syncing_temp, error, ap_failed)
     :: true -> ap_step(ap_syncing_temp, ok, ap_renaming);
        CRASH_POINT;
        if
        :: NAMED(lg, idx) -> ap_step(ap_renaming, exists, ap_failed)
        :: !NAMED(lg, idx) && FAULT -> ap_step(ap_renaming, error, ap_failed)
        :: !NAMED(lg, idx) -> set_named(lg, idx); ap_step(ap_renaming, ok, ap_syncing_dir);
           CRASH_POINT;
           if
           :: FAULT -> ap_step(ap_syncing_dir, error, ap_failed)
           :: true -> set_durable(lg, idx); ap_step(ap_syncing_dir, ok, ap_published); pub_ok = true
           fi
        fi
     fi
  fi
}

/* A crash keeps or loses each visible name whose directory was not synced. */
inline lose_unsynced_names() {
  i = 0;
  do
  :: i <= MAXB ->
     if
     :: i < MAXB && off_name[i] && !off_dname[i] ->
        if :: off_name[i] = false :: off_dname[i] = true fi
     :: else -> skip
     fi;
     if
     :: i < MAXB && com_name[i] && !com_dname[i] ->
        if :: com_name[i] = false :: com_dname[i] = true fi
     :: else -> skip
     fi;
     if
     :: st_name[i] && !st_dname[i] -> if :: st_name[i] = false :: st_dname[i] = true fi
     :: else -> skip
     fi;
     i++
  :: else -> break
  od
}

inline sink_add() {
  if
  :: sink_has[b_id] -> assert(sink_start[b_id] == b_start && sink_end[b_id] == b_end)
  :: else -> sink_has[b_id] = true; sink_start[b_id] = b_start; sink_end[b_id] = b_end
  fi
}

inline commit_state() {
  /* The first commit after a load removes a stale version from an earlier attempt. */
  if
  :: st_name[b_id + 1] -> assert(st_val[b_id + 1] == b_end); st_name[b_id + 1] = false;
     st_dname[b_id + 1] = false
  :: else -> skip
  fi;
  st_val[b_id + 1] = b_end;
  publish(STATE, b_id + 1)
}

active proctype query() {
restart:
  /* ---- recovery ---- */
  rc = rc_start;
  rc_step(rc_start, begin, rc_reading_metadata);
  CRASH_POINT;
  if
  :: FAULT -> rc_step(rc_reading_metadata, error, rc_refused); goto failed
  :: true ->
     /* Checkpoint::SyncLayout: offsets/ and commits/ are synced before they are read, so that
      * no name recovery acts on can still vanish (an earlier run may have failed between a
      * rename and its directory sync). Without it SPIN finds a re-planned batch. */
     i = 0;
     do
     :: i < MAXB -> off_dname[i] = off_name[i]; com_dname[i] = com_name[i]; i++
     :: else -> break
     od;
     rc_step(rc_reading_metadata, ok, rc_reading_logs)
  fi;
  CRASH_POINT;
  if
  :: FAULT -> rc_step(rc_reading_logs, error, rc_refused); goto failed
  :: true -> rc_step(rc_reading_logs, ok, rc_deciding)
  fi;
  latest = NONE; commit = NONE; i = 0;
  do
  :: i < MAXB ->
     if :: off_name[i] -> latest = i :: else -> skip fi;
     if :: com_name[i] -> commit = i :: else -> skip fi;
     i++
  :: else -> break
  od;
  CRASH_POINT;
  if
  :: FAULT -> rc_step(rc_deciding, error, rc_refused); goto failed
  :: true -> skip
  fi;
  if
  :: latest == NONE && commit == NONE ->
     rc_step(rc_deciding, no_offsets, rc_fresh_start);
     next_id = 0; committed_end = 0; replay = false
  :: latest != NONE && commit == latest ->
     rc_step(rc_deciding, commit_equals_latest, rc_resume_next);
     next_id = latest + 1; committed_end = off_end[latest]; replay = false
  :: latest != NONE && ((commit == NONE && latest == 0) || (commit != NONE && commit + 1 == latest)) ->
     rc_step(rc_deciding, commit_one_behind, rc_replay_uncommitted);
     b_id = latest; b_end = off_end[latest];
     if :: latest == 0 -> b_start = 0 :: else -> b_start = off_end[latest - 1] fi;
     replay = true
  :: else ->
     rc_step(rc_deciding, inconsistent, rc_refused);
     assert(false)  /* the standard protocol never leaves an inconsistent log */
  fi;

trigger:
  /* ---- one trigger: the micro-batch machine ---- */
  mb = mb_idle;
  if
  :: replay -> mb_step(mb_idle, replay, mb_acknowledging_sources)
  :: !replay ->
     mb_step(mb_idle, new_trigger, mb_planning);
     CRASH_POINT;
     if
     :: FAULT -> mb_step(mb_planning, error, mb_failed); goto failed
     :: true -> skip
     fi;
     b_id = next_id; b_start = committed_end;
     assert(b_id < MAXB);
     if  /* the source offers up to everything it holds */
     :: b_start == N -> b_end = N
     :: b_start < N -> b_end = b_start + 1
     :: b_start + 1 < N -> b_end = N
     fi;
     mb_step(mb_planning, ok, mb_deciding);
     CRASH_POINT;
     if
     :: FAULT -> mb_step(mb_deciding, error, mb_failed); goto failed
     :: b_end == b_start -> mb_step(mb_deciding, no_work, mb_no_batch); goto finished
     :: b_end != b_start -> mb_step(mb_deciding, ok, mb_writing_offsets)
     fi;
     off_end[b_id] = b_end;
     publish(OFFSETS, b_id);
     if
     :: !pub_ok -> mb_step(mb_writing_offsets, error, mb_failed); goto failed
     :: else -> mb_step(mb_writing_offsets, ok, mb_acknowledging_sources)
     fi
  fi;
  CRASH_POINT;
  if
  :: FAULT -> mb_step(mb_acknowledging_sources, error, mb_failed); goto failed
  :: true -> if :: b_start > acked -> acked = b_start :: else -> skip fi;
     mb_step(mb_acknowledging_sources, ok, mb_reading_input)
  fi;
  CRASH_POINT;
  assert(b_start >= acked);  /* the input of this batch is still held by the source */
  if
  :: FAULT -> mb_step(mb_reading_input, error, mb_failed); goto failed
  :: true -> mb_step(mb_reading_input, ok, mb_executing)
  fi;
  CRASH_POINT;
  /* Executing loads state version b_id, which must have absorbed exactly [0, b_start). */
  assert(b_id == 0 || (st_name[b_id] && st_val[b_id] == b_start));
  if
  :: FAULT -> mb_step(mb_executing, error, mb_failed); goto failed
  :: true -> mb_step(mb_executing, ok, mb_writing_sink)
  fi;
#ifdef COMMIT_BEFORE_SINK
  CRASH_POINT;
  publish(COMMITS, b_id);
  if :: !pub_ok -> mb = mb_failed; goto failed :: else -> skip fi;
#endif
  CRASH_POINT;
  if
  :: FAULT -> mb_step(mb_writing_sink, error, mb_failed); goto failed
  :: true -> sink_add(); mb_step(mb_writing_sink, ok, mb_committing_state)
  fi;
  CRASH_POINT;
  commit_state();
  if
  :: !pub_ok -> mb_step(mb_committing_state, error, mb_failed); goto failed
  :: else -> mb_step(mb_committing_state, ok, mb_writing_commit)
  fi;
#ifndef COMMIT_BEFORE_SINK
  CRASH_POINT;
  publish(COMMITS, b_id);
#endif
  if
  :: !pub_ok -> mb_step(mb_writing_commit, error, mb_failed); goto failed
  :: else -> mb_step(mb_writing_commit, ok, mb_purging_logs)
  fi;
  next_id = b_id + 1; committed_end = b_end; replay = false;
  /* Purging and maintenance delete only what no retained batch needs; the model retains every
   * batch (MAXB is small), so they are steps that may crash or fail and change nothing. */
  CRASH_POINT;
  if
  :: FAULT -> mb_step(mb_purging_logs, error, mb_failed); goto failed
  :: true -> mb_step(mb_purging_logs, ok, mb_maintaining_state)
  fi;
  CRASH_POINT;
  mb_step(mb_maintaining_state, ok, mb_advancing_watermark);
  CRASH_POINT;
  if
  :: FAULT -> mb_step(mb_advancing_watermark, error, mb_failed); goto failed
  :: true -> mb_step(mb_advancing_watermark, ok, mb_reporting)
  fi;
  CRASH_POINT;
  if
  :: FAULT -> mb_step(mb_reporting, error, mb_failed); goto failed
  :: true -> mb_step(mb_reporting, ok, mb_done)
  fi;
  goto trigger;

failed:  /* the query failed: a restart reads the checkpoint again; the disk keeps everything */
  goto restart;

crashed:  /* the process died: its memory is gone and unsynced names may be */
  lose_unsynced_names();
  goto restart;

finished:  /* no more input: every record reached the sink once, in batch order */
  assert(committed_end == N);
  i = 0; b_end = 0;
  do
  :: i < MAXB && sink_has[i] -> assert(sink_start[i] == b_end); b_end = sink_end[i]; i++
  :: else -> break
  od;
  assert(b_end == N);
  do
  :: i < MAXB -> assert(!sink_has[i]); i++
  :: else -> break
  od
}
