package io.certgate.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.directory.Lookup;
import io.certgate.pki.Credential;
import io.certgate.pki.DemoDirectory;
import io.certgate.testing.DirectoryFixture;
import io.certgate.testing.TestPki;
import io.certgate.x509.CertificateFacts;
import io.certgate.x509.SecurityIdentifier;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Directory mapping against UnboundID's in-memory directory with an AD-like schema: one test per
 * mapping form, KB5014754's strong and weak forms, ambiguity, disabled accounts, the cache, a
 * directory that is down, and escaping. Each test adds its own entries (names unique per test).
 */
class DirectoryMappingTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    /** The AD order of the test intermediate's name: most general RDN first. */
    static final String ISSUER_AD_ORDER = "O=certgate tests,CN=Test Issuing CA";
    static final String STAFF = "memberOf: cn=Staff,ou=groups,dc=example,dc=com";
    static TestPki pki;
    static DemoDirectory directory;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        pki = TestPki.create(NOW);
        directory = DemoDirectory.start();
    }

    @AfterAll
    static void stop() {
        directory.close();
    }

    private DirectoryFixture site(String options, String mappings) throws Exception {
        return DirectoryFixture.of(dir, pki, directory.url(), options, "directoryMapping:\n" + mappings.indent(2));
    }

    private static Identity map(DirectoryFixture site, Credential credential) {
        return site.mapper().mapAsync(CertificateFacts.of(credential.certificate())).join();
    }

    /** AD's <SR>: the serial's bytes reversed, in hex (computed here independently of the mapper). */
    private static String reversedSerial(BigInteger serial) {
        byte[] bytes = serial.toByteArray();
        StringBuilder hex = new StringBuilder();
        for (int i = bytes.length - 1; i >= (bytes[0] == 0 ? 1 : 0); i--) {
            hex.append(String.format("%02X", bytes[i]));
        }
        return hex.toString();
    }

    @Test
    void strongIssuerAndSerialMapsToTheAccountWithItsGroups() throws Exception {
        Credential alice = pki.client("alice-sr").serial(new BigInteger("1200000000AC11000000002B", 16)).build();
        assertThat(reversedSerial(alice.serial())).isEqualTo("2B0000000011AC0000000012");
        directory.addUser("alice-sr", STAFF, "altSecurityIdentities: X509:<I>" + ISSUER_AD_ORDER + "<SR>"
                + reversedSerial(alice.serial()));
        try (DirectoryFixture site = site("", "- { directory: corp, form: altSecurityIdentities }")) {
            Identity identity = map(site, alice);
            assertThat(identity).isInstanceOf(Identity.Account.class);
            Identity.Account account = (Identity.Account) identity;
            assertThat(account.name()).isEqualTo("alice-sr");
            assertThat(account.groups()).containsExactly("Staff");
            assertThat(account.mappedBy()).contains("X509:<I><SR>", "strong");
        }
    }

    @Test
    void strongSubjectKeyIdentifierMaps() throws Exception {
        Credential bob = pki.client("bob-ski").build();
        byte[] ski = SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(
                bob.certificate().getExtensionValue("2.5.29.14")).getOctets()).getKeyIdentifier();
        directory.addUser("bob-ski", "altSecurityIdentities: X509:<SKI>" + HexFormat.of().formatHex(ski));
        try (DirectoryFixture site = site("", "- { directory: corp, form: altSecurityIdentities }")) {
            assertThat(map(site, bob).accountName()).contains("bob-ski");
        }
    }

    @Test
    void strongPublicKeyHashMaps() throws Exception {
        Credential carol = pki.client("carol-pk").build();
        byte[] hash = MessageDigest.getInstance("SHA-1").digest(carol.certificate().getPublicKey().getEncoded());
        directory.addUser("carol-pk", "altSecurityIdentities: X509:<SHA1-PUKEY>" + HexFormat.of().formatHex(hash));
        try (DirectoryFixture site = site("", "- { directory: corp, form: altSecurityIdentities }")) {
            assertThat(map(site, carol).accountName()).contains("carol-pk");
        }
    }

    @Test
    void weakAltSecurityIdentitiesAreIgnoredInStrongModeAndAcceptedInCompatibility() throws Exception {
        Credential weak = pki.client("weak-s").build();
        directory.addUser("weak-s", "altSecurityIdentities: X509:<I>" + ISSUER_AD_ORDER + "<S>O=certgate tests,CN=weak-s");
        try (DirectoryFixture site = site("", "- { directory: corp, form: altSecurityIdentities }")) {
            assertThat(map(site, weak)).isInstanceOf(Identity.CertificateOnly.class);
        }
        try (DirectoryFixture site = site("", "- { directory: corp, form: altSecurityIdentities, strength: compatibility }")) {
            Identity identity = map(site, weak);
            assertThat(identity.accountName()).contains("weak-s");
            assertThat(((Identity.Account) identity).mappedBy()).contains("X509:<I><S>", "weak");
        }
    }

    @Test
    void sidExtensionMapsToObjectSid() throws Exception {
        String sid = "S-1-5-21-1004336348-1177238915-682003330-1105";
        Credential dave = pki.client("dave-sid").sid(sid).build();
        String dn = directory.addUser("dave-sid");
        directory.setBinary(dn, "objectSid", SecurityIdentifier.parse(sid).orElseThrow().toBinary());
        try (DirectoryFixture site = site("", "- { directory: corp, form: sid }")) {
            assertThat(map(site, dave).accountName()).contains("dave-sid");
        }
    }

    @Test
    void upnAloneIsWeakAndRefusedInStrongModeUnlessTheSidMatches() throws Exception {
        Credential erin = pki.client("erin-upn").upn("erin-upn@example.com").build();
        directory.addUser("erin-upn");
        try (DirectoryFixture site = site("", "- { directory: corp, form: upn }")) {
            Identity identity = map(site, erin);
            assertThat(identity).isInstanceOf(Identity.Denied.class);
            assertThat(((Identity.Denied) identity).why()).contains("weak mapping", "KB5014754");
        }
        try (DirectoryFixture site = site("", "- { directory: corp, form: upn, strength: compatibility }")) {
            assertThat(map(site, erin).accountName()).contains("erin-upn");
        }
        String sid = "S-1-5-21-1-2-3-4242";
        Credential frank = pki.client("frank-upn").upn("frank-upn@example.com").sid(sid).build();
        String dn = directory.addUser("frank-upn");
        directory.setBinary(dn, "objectSid", SecurityIdentifier.parse(sid).orElseThrow().toBinary());
        try (DirectoryFixture site = site("", "- { directory: corp, form: upn }")) {
            Identity identity = map(site, frank);
            assertThat(identity.accountName()).contains("frank-upn");
            assertThat(((Identity.Account) identity).mappedBy()).contains("with the SID extension", "strong");
        }
    }

    @Test
    void emailMapsToMail() throws Exception {
        Credential gina = pki.client("gina-mail").email("gina@example.com").build();
        directory.addUser("gina-mail", "mail: gina@example.com");
        try (DirectoryFixture site = site("", "- { directory: corp, form: email, strength: compatibility }")) {
            assertThat(map(site, gina).accountName()).contains("gina-mail");
        }
    }

    @Test
    void subjectMapsToTheEntryDn() throws Exception {
        String dn = directory.addUser("hank-dn");
        Credential hank = pki.client("x").subject(dn).build();
        try (DirectoryFixture site = site("", "- { directory: corp, form: subject, strength: compatibility }")) {
            assertThat(map(site, hank).accountName()).contains("hank-dn");
        }
    }

    @Test
    void twoEntriesForOneCertificateAreRefusedNeverGuessed() throws Exception {
        Credential ivy = pki.client("ivy").upn("ivy-twice@example.com").build();
        directory.addUser("ivy-1", "userPrincipalName: ivy-twice@example.com");
        directory.addUser("ivy-2", "userPrincipalName: ivy-twice@example.com");
        try (DirectoryFixture site = site("", "- { directory: corp, form: upn, strength: compatibility }")) {
            Identity identity = map(site, ivy);
            assertThat(identity).isInstanceOf(Identity.Denied.class);
            assertThat(((Identity.Denied) identity).why()).contains("2 or more entries", "exactly one account");
            assertThat(site.lookups()).containsExactly(Lookup.Result.AMBIGUOUS);
        }
    }

    @Test
    void aDisabledEntryIsDenied() throws Exception {
        Credential jack = pki.client("jack").upn("jack-off@example.com").build();
        directory.addUser("jack-off", "userAccountControl: " + DemoDirectory.DISABLED);
        try (DirectoryFixture site = site("", "- { directory: corp, form: upn, strength: compatibility }")) {
            Identity identity = map(site, jack);
            assertThat(identity).isInstanceOf(Identity.Denied.class);
            assertThat(((Identity.Denied) identity).why()).contains("\"jack-off\"", "is disabled");
        }
    }

    @Test
    void answersAreCachedForCacheTtlThenAskedAgain() throws Exception {
        Credential kate = pki.client("kate").upn("kate-cache@example.com").build();
        try (DirectoryFixture site = site("cacheTtl: 5m", "- { directory: corp, form: upn, strength: compatibility }")) {
            assertThat(map(site, kate)).isInstanceOf(Identity.CertificateOnly.class); // not there yet
            directory.addUser("kate-cache");
            site.advance(Duration.ofMinutes(4));
            assertThat(map(site, kate)).isInstanceOf(Identity.CertificateOnly.class); // the negative answer, cached
            assertThat(site.cacheHits()).isEqualTo(1);
            site.advance(Duration.ofMinutes(2));
            assertThat(map(site, kate).accountName()).contains("kate-cache");
            assertThat(site.lookups()).containsExactly(Lookup.Result.NOT_FOUND, Lookup.Result.FOUND);
        }
    }

    @Test
    void aDirectoryThatIsDownGivesUnavailableWithDeny() throws Exception {
        DemoDirectory down = DemoDirectory.start();
        String url = down.url();
        down.close();
        Credential leo = pki.client("leo").upn("leo@example.com").build();
        try (DirectoryFixture site = DirectoryFixture.of(dir, pki, url, "timeout: 1s",
                "directoryMapping:\n  - { directory: corp, form: upn, strength: compatibility }\n")) {
            Identity identity = map(site, leo);
            assertThat(identity).isInstanceOf(Identity.Unavailable.class);
            assertThat(((Identity.Unavailable) identity).why()).contains("directory corp did not answer")
                    .doesNotContain(DemoDirectory.BIND_PASSWORD);
            assertThat(site.lookups()).containsExactly(Lookup.Result.ERROR);
        }
    }

    @Test
    void aDirectoryThatIsDownServesTheLastAnswerUpToMaxStaleWithCached() throws Exception {
        DemoDirectory flaky = DemoDirectory.start();
        flaky.addUser("mia");
        Credential mia = pki.client("mia").upn("mia@example.com").build();
        try (DirectoryFixture site = DirectoryFixture.of(dir, pki, flaky.url(),
                "timeout: 1s\ncacheTtl: 5m\nonUnavailable: cached\nmaxStale: 1h",
                "directoryMapping:\n  - { directory: corp, form: upn, strength: compatibility }\n")) {
            assertThat(map(site, mia).accountName()).contains("mia");
            flaky.stall(); // its pooled connection stays open; lookups time out (timeout: 1s)
            site.advance(Duration.ofMinutes(30));
            assertThat(map(site, mia).accountName()).contains("mia"); // stale, within maxStale
            site.advance(Duration.ofMinutes(40));
            assertThat(map(site, mia)).isInstanceOf(Identity.Unavailable.class); // 70m: older than cacheTtl + maxStale
            assertThat(site.lookups()).containsExactly(Lookup.Result.FOUND, Lookup.Result.ERROR, Lookup.Result.ERROR);
        } finally {
            flaky.close();
        }
    }

    @Test
    void filterValuesAreEscapedSoACertificateCannotWidenTheSearch() throws Exception {
        directory.addUser("nora-victim");
        Credential wildcard = pki.client("*)(uid\\=*").upn("*").email("*)(sAMAccountName=*").build();
        try (DirectoryFixture site = site("", """
                - { directory: corp, form: upn, strength: compatibility }
                - { directory: corp, form: email, strength: compatibility }
                - { directory: corp, form: subject, attribute: cn, strength: compatibility }
                """)) {
            CertificateFacts facts = CertificateFacts.of(wildcard.certificate());
            assertThat(site.mapper().mapAsync(facts).join()).isInstanceOf(Identity.CertificateOnly.class);
            assertThat(site.lookups()).containsExactly(Lookup.Result.NOT_FOUND, Lookup.Result.NOT_FOUND,
                    Lookup.Result.NOT_FOUND);
            MappingReport report = site.mapper().explain(facts);
            assertThat(String.join("\n", report.steps())).contains("(userPrincipalName=\\2a)")
                    .contains("\\2a\\29\\28sAMAccountName=\\2a");
        }
    }

    @Test
    void explainShowsTheFilterTheEntryTheFormItsStrengthTheGroupsAndTheCache() throws Exception {
        Credential olga = pki.client("olga").upn("olga-x@example.com").build();
        directory.addUser("olga-x", STAFF);
        try (DirectoryFixture site = site("", "- { directory: corp, form: upn, strength: compatibility }")) {
            CertificateFacts facts = CertificateFacts.of(olga.certificate());
            String first = String.join("\n", site.mapper().explain(facts).steps());
            assertThat(first).contains("directory mapping #1 (corp, upn)",
                    "(&(objectClass=user)(userPrincipalName=olga-x@example.com))", "cache miss",
                    "found directory account \"olga-x\" (cn=olga-x,ou=users,dc=example,dc=com)", "groups: Staff",
                    "by upn, weak").doesNotContain(DemoDirectory.BIND_PASSWORD);
            assertThat(String.join("\n", site.mapper().explain(facts).steps())).contains("cache hit");
        }
    }

    @Test
    void oneToOneComesFirstThenTheDirectoryThenManyToOne() throws Exception {
        Credential pat = pki.client("pat").upn("pat-order@example.com").build();
        directory.addUser("pat-order");
        try (DirectoryFixture site = DirectoryFixture.of(dir, pki, directory.url(), "", """
                accounts:
                  yaml-account: { groups: [yaml] }
                directoryMapping:
                  - { directory: corp, form: upn, strength: compatibility }
                manyToOneMappings:
                  - name: everyone
                    userName: yaml-account
                    rules: [{ certificateField: subject, certificateSubField: CN, matchCriteria: "*" }]
                """)) {
            assertThat(map(site, pat).accountName()).contains("pat-order");
            Credential other = pki.client("quinn").upn("nobody@example.com").build();
            assertThat(map(site, other).accountName()).contains("yaml-account");
        }
    }
}
