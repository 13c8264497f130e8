package io.certgate.x509;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.pki.Credential;
import io.certgate.testing.Processes;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names as RFC 4514 text (as openssl -nameopt RFC2253 prints them) and as attribute values. */
class DistinguishedNameTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    /** Written in encoding order (most general first); RFC 4514 text reverses it. */
    /** Written in RFC 4514 order (most specific first), as Credential.Builder.subject takes names. */
    private static final String ACTIVE_DIRECTORY_STYLE = "CN=Alice Smith,E=alice@example.com,OU=Sales,OU=EMEA,"
            + "O=Example Corp,L=Paris,ST=Ile-de-France,C=FR,DC=example,DC=com";

    @TempDir
    Path dir;

    @Test
    void rfc4514TextPutsTheMostSpecificAttributeFirstAndSpellsEmailAddress() {
        DistinguishedName name = subjectOf(ACTIVE_DIRECTORY_STYLE);

        assertThat(name.rfc4514()).isEqualTo("CN=Alice Smith,emailAddress=alice@example.com,OU=Sales,OU=EMEA,"
                + "O=Example Corp,L=Paris,ST=Ile-de-France,C=FR,DC=example,DC=com");
        assertThat(name).hasToString(name.rfc4514());
    }

    @Test
    void rfc4514TextIsWhatOpensslPrintsWithNameoptRfc2253() throws Exception {
        Credential credential = Credential.builder().subject(ACTIVE_DIRECTORY_STYLE).now(NOW).build();
        Path file = credential.writeCertificate(dir.resolve("alice.pem"));

        Processes.Result result = Processes.run(List.of("openssl", "x509", "-in", file.toString(), "-noout",
                "-subject", "-nameopt", "RFC2253"), dir, null, 60);

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.stdout().strip())
                .isEqualTo("subject=" + DistinguishedName.of(credential.certificate().getSubjectX500Principal()).rfc4514());
    }

    @Test
    void everyValueOfARepeatedAttributeIsKeptInEncodingOrder() {
        DistinguishedName name = subjectOf(ACTIVE_DIRECTORY_STYLE);

        assertThat(name.values(NameAttribute.OU)).containsExactly("EMEA", "Sales");
        assertThat(name.values(NameAttribute.DC)).containsExactly("com", "example");
    }

    @Test
    void eachKnownAttributeIsReadAsText() {
        DistinguishedName name = subjectOf(ACTIVE_DIRECTORY_STYLE);

        assertThat(name.values(NameAttribute.CN)).containsExactly("Alice Smith");
        assertThat(name.values(NameAttribute.E)).containsExactly("alice@example.com");
        assertThat(name.values(NameAttribute.O)).containsExactly("Example Corp");
        assertThat(name.values(NameAttribute.L)).containsExactly("Paris");
        assertThat(name.values(NameAttribute.ST)).containsExactly("Ile-de-France");
        assertThat(name.values(NameAttribute.C)).containsExactly("FR");
    }

    @Test
    void absentAttributeHasNoValues() {
        assertThat(subjectOf("CN=bob").values(NameAttribute.OU)).isEmpty();
    }

    @Test
    void specialCharactersAreEscapedInTextButNotInValues() {
        DistinguishedName name = subjectOf("CN=Zo\u00eb \\+ Bob,O=Smith\\, Jones and Co");

        assertThat(name.rfc4514()).isEqualTo("CN=Zo\u00eb \\+ Bob,O=Smith\\, Jones and Co");
        assertThat(name.values(NameAttribute.CN)).containsExactly("Zo\u00eb + Bob");
        assertThat(name.values(NameAttribute.O)).containsExactly("Smith, Jones and Co");
    }

    @Test
    void shortLabelIsTheFirstCommonName() {
        assertThat(subjectOf(ACTIVE_DIRECTORY_STYLE).shortLabel()).isEqualTo("CN=Alice Smith");
    }

    @Test
    void shortLabelIsTheWholeNameWithoutACommonName() {
        assertThat(subjectOf("OU=Robots,O=Example Corp,C=FR").shortLabel()).isEqualTo("OU=Robots,O=Example Corp,C=FR");
    }

    @Test
    void attributesCannotBeChangedFromOutside() {
        DistinguishedName name = subjectOf(ACTIVE_DIRECTORY_STYLE);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> name.attributes().get(NameAttribute.OU).add("x"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    private static DistinguishedName subjectOf(String subject) {
        X500Principal principal = Credential.builder().subject(subject).now(NOW).build()
                .certificate().getSubjectX500Principal();
        return DistinguishedName.of(principal);
    }
}
