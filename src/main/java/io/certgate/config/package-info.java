/**
 * The configuration: YAML in, an immutable {@link io.certgate.config.GatewayConfig} out.
 *
 * <p>{@link io.certgate.config.ConfigLoader} reads the file into a tree that remembers the
 * line of every key, then binds it into records. Every mistake becomes a
 * {@link io.certgate.config.ConfigError} that names {@code file:line: key} and says what was
 * expected; all of a file's mistakes are reported at once, at startup, never at the first
 * request. Relative paths are resolved against the directory of the config file.
 *
 * <p>Depends on nothing else in certgate: checks that need certificates parsed (does the key
 * match the certificate?) are made by the server when it builds the runtime, and reported in
 * the same {@code file:line: key} form through {@link io.certgate.config.Origin}.
 */
package io.certgate.config;
