/**
 * The {@code certgate} command line (picocli): {@code run}, {@code check}, {@code demo} and the
 * tools built on the packages below. Exit codes: 0 success, 1 runtime failure, 2 usage or
 * configuration error.
 */
package io.certgate.cli;
