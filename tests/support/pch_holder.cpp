// Compiled only to build the precompiled headers that the tests of one folder reuse
// (tests/CMakeLists.txt, rd_test_pch).
