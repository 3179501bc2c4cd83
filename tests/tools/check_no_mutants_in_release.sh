#!/usr/bin/env bash
# Fails when a release library (spec, storage, engine, connectors, runtime) holds a simulator mutant: a
# mutant's name (as `sluice-sim --list-mutants` prints it), a flag of the old Deviations
# mechanism, or a symbol of sim/ (the known-wrong tables and strategies live there). It reads the
# built archives themselves (strings and demangled symbols), and the sources of those modules.
#   check_no_mutants_in_release.sh SLUICE_SIM SOURCE_DIR ARCHIVE...
set -u
sim=$1
src=$2
shift 2
status=0
names=$("$sim" --list-mutants | awk '{print $1}')
[[ -n $names ]] || { echo "no mutants listed by $sim"; exit 2; }
flags='Deviations|deviations_?\b|load_newest_version|no_checksum_check|overwrite_entries_in_place|retry_failed_sync|recovery_takes_newest_looking|state_reads_newest_version|watermark_from_wrong_batch|maintenance_before_commit|purge_before_commit|new_batch_id_on_replay|batch_id_from_clock|CountTempFilesAsEntries|verify_checksum'
sim_symbols='sluice::sim::|sim::variants'
for archive in "$@"; do
  [[ -f $archive ]] || { echo "missing archive $archive"; status=1; continue; }
  text=$( { strings -a "$archive"; nm -C "$archive" 2>/dev/null; } )
  for name in $names; do
    if grep -qF -- "$name" <<<"$text"; then
      echo "mutant: $archive holds the mutant name '$name'"
      status=1
    fi
  done
  while IFS= read -r hit; do
    echo "mutant: $archive holds '$hit'"
    status=1
  done < <(grep -oE -- "$flags|$sim_symbols" <<<"$text" | sort -u)
done
for mod in spec storage engine connectors runtime; do
  [[ -d $src/$mod ]] || continue
  while IFS= read -r hit; do
    echo "mutant: source $hit"
    status=1
  done < <(cd "$src" && grep -rnE --include='*.h' --include='*.cc' -e "$flags|$sim_symbols|#include \"sim/" "$mod")
  for name in $names; do
    while IFS= read -r hit; do
      echo "mutant: source $hit names the mutant '$name'"
      status=1
    done < <(cd "$src" && grep -rnF --include='*.h' --include='*.cc' -e "\"$name\"" "$mod")
  done
done
[[ $status == 0 ]] && echo "release libraries hold no mutant: $# archives, $(wc -w <<<"$names") names checked"
exit $status
