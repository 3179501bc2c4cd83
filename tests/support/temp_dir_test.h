// TempDirTest: a GoogleTest fixture with a fresh directory on the real disk, removed afterwards.
#pragma once

#include <gtest/gtest.h>

#include <boost/filesystem.hpp>

namespace sluice::testing {

class TempDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = boost::filesystem::temp_directory_path() / boost::filesystem::unique_path();
    boost::filesystem::create_directories(dir_);
  }
  void TearDown() override { boost::filesystem::remove_all(dir_); }
  boost::filesystem::path dir_;
};

}  // namespace sluice::testing
