package io.certgate.identity;

import static io.certgate.testing.NameValues.universal;
import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.testing.SiteYaml;
import io.certgate.testing.TestPki;
import io.certgate.x509.CertificateFacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's mapping block loads and compiles as written, and does what its prose says. */
class ReadmeMappingTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final TestPki PKI = TestPki.create(NOW);

    @TempDir
    Path dir;

    private static String readmeBlock(String containing) throws Exception {
        Matcher m = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(Path.of("README.md")));
        while (m.find()) {
            if (m.group(1).contains(containing)) {
                return m.group(1);
            }
        }
        throw new AssertionError("no README yaml block with " + containing);
    }

    private CertificateFacts client(X500NameBuilder subject) {
        return CertificateFacts.of(PKI.client("x").subject(subject.build()).build().certificate());
    }

    @Test
    void mappingBlockCompilesAndItsRulesDoWhatTheProseSays() throws Exception {
        SiteYaml yaml = SiteYaml.in(dir, PKI);
        yaml.client("alice", PKI.client("alice").build());
        Files.createDirectories(dir.resolve("www/admin"));
        // Written under a site in the README: four spaces in.
        String block = readmeBlock("piv-cards").replaceAll("(?m)^    ", "");

        CertificateMapper mapper = CertificateMapper.compile(yaml.load(block));

        CertificateFacts contractor = client(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Example")
                .addRDN(BCStyle.OU, universal("Contractors")).addRDN(BCStyle.CN, "carl"));
        CertificateFacts sales = client(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Example")
                .addRDN(BCStyle.OU, new DERBMPString("SALES east")).addRDN(BCStyle.CN, "sam"));
        CertificateFacts piv = CertificateFacts.of(PKI.client("pat").certificatePolicies("2.16.840.1.101.3.2.1.3.13")
                .build().certificate());
        assertThat(mapper.map(contractor)).isInstanceOf(Identity.Denied.class);
        assertThat(mapper.map(sales).accountName()).contains("sales");
        assertThat(mapper.map(piv).accountName()).contains("sales");
        assertThat(mapper.map(CertificateFacts.of(PKI.client("nobody").build().certificate())).accountName()).isEmpty();
    }
}
