package io.certgate.config;

import java.util.Optional;

/**
 * Where a secret is kept: a file ({@code { file: secrets/ldap.pw }}) or an environment variable
 * ({@code { env: CERTGATE_LDAP_PW }}), never the secret itself. The configuration holds only this
 * reference, so a config value printed in a log, by {@code check} or by {@code explain} cannot
 * show the secret; {@code directory} reads it when it binds.
 *
 * @param file the file whose content (trailing line break removed) is the secret
 * @param env the environment variable that holds it
 */
public record SecretRef(Optional<FileRef> file, Optional<String> env, Origin origin) {

    @Override
    public String toString() {
        return file.map(f -> "file " + f.path()).orElseGet(() -> "environment variable " + env.orElse("?"));
    }
}
