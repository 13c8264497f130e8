package io.certgate.iis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certgate.testing.TestPki;
import io.certgate.x509.Fingerprint;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class IisConversionTest {

    private static Conversion convert(String body) throws Exception {
        String xml = """
                <configuration>
                  <system.applicationHost><sites>
                    <site name="Shop" id="7"><bindings><binding protocol="https" bindingInformation="10.0.0.5:8443:shop.example.com" /></bindings></site>
                  </sites></system.applicationHost>
                """ + body + "</configuration>";
        return CertgateYamlWriter.convert(ApplicationHostReader.read(
                new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))), "test.config");
    }

    private static String mapping(String enabled, String inner) {
        return "<location path=\"Shop\"><system.webServer><security><access sslFlags=\"Ssl, SslRequireCert\" />"
                + "<authentication><iisClientCertificateMappingAuthentication enabled=\"" + enabled + "\">" + inner
                + "</iisClientCertificateMappingAuthentication></authentication></security></system.webServer></location>";
    }

    @Test
    void oneToOneMappingIsTheSha256OfTheCertificateBlob() throws Exception {
        X509Certificate alice = TestPki.create(Instant.now()).client("alice").build().certificate();
        String blob = Base64.getMimeEncoder().encodeToString(alice.getEncoded());   // IIS may wrap the blob
        Conversion c = convert(mapping("true", "<oneToOneMappings><add userName=\"alice\" certificate=\"" + blob
                + "\" /></oneToOneMappings>"));
        assertThat(c.yaml()).contains("- sha256: \"" + Fingerprint.sha256(alice).colonHex() + "\"")
                .contains("userName: \"alice\"").contains("      \"alice\":\n")
                .contains("hosts: [\"shop.example.com\"]").contains("- address: \"10.0.0.5:8443\"")
                .contains("mode: require").doesNotContain("enabled: false");
    }

    @Test
    void aDisabledMappingSectionKeepsItsMappingsButDisabled() throws Exception {
        Conversion c = convert(mapping("false", "<manyToOneMappings><add name=\"hr\" userName=\"hr\"><rules>"
                + "<add certificateField=\"Issuer\" certificateSubField=\"CN\" matchCriteria=\"Corp CA\" /></rules></add>"
                + "</manyToOneMappings>"));
        assertThat(c.yaml()).contains("is disabled in IIS").contains("name: \"hr\"").contains("enabled: false")
                .contains("{ certificateField: issuer, certificateSubField: CN, matchCriteria: \"Corp CA\" }");
        assertThat(c.warnings()).noneMatch(w -> w.contains("weak"));
    }

    @Test
    void aRuleWithoutCertgateEquivalentKeepsTheWholeMappingAsAComment() throws Exception {
        // Dropping only the unknown rule would widen an all-of mapping.
        Conversion c = convert(mapping("true", "<manyToOneMappings><add name=\"x\" userName=\"u\"><rules>"
                + "<add certificateField=\"Subject\" certificateSubField=\"O\" matchCriteria=\"Corp\" />"
                + "<add certificateField=\"Subject\" certificateSubField=\"T\" matchCriteria=\"Boss\" /></rules></add>"
                + "</manyToOneMappings>"));
        assertThat(c.yaml()).contains("# many-to-one mapping \"x\"").doesNotContain("name: \"x\"")
                .doesNotContain("manyToOneMappings:").doesNotContain("accounts:");
        assertThat(c.warnings()).anyMatch(w -> w.contains("\"T\" has no certgate equivalent"));
    }

    @Test
    void aSubjectOnlyAllowMappingIsWarnedAsWeak() throws Exception {
        Conversion c = convert(mapping("true", "<manyToOneMappings><add name=\"x\" userName=\"u\" password=\"secret\"><rules>"
                + "<add certificateField=\"Subject\" certificateSubField=\"CN\" matchCriteria=\"*\" /></rules></add>"
                + "</manyToOneMappings>"));
        assertThat(c.warnings()).anyMatch(w -> w.contains("\"x\"") && w.contains("weak mapping (KB5014754)"))
                .anyMatch(w -> w.contains("password of \"u\" was not copied"));
        assertThat(c.yaml()).doesNotContain("secret");
    }

    @Test
    void aSiteThatDisablesTheDirectoryMapperOverridesTheServerWideSetting() throws Exception {
        String server = "<system.webServer><security><authentication><clientCertificateMappingAuthentication enabled=\"true\" />"
                + "</authentication></security></system.webServer>";
        assertThat(convert(server).yaml()).contains("\n    directoryMapping:").contains("\ndirectories:\n  corp:\n");
        assertThat(convert(server + "<location path=\"Shop\"><system.webServer><security><authentication>"
                + "<clientCertificateMappingAuthentication enabled=\"false\" /></authentication></security>"
                + "</system.webServer></location>").yaml()).doesNotContain("directoryMapping").doesNotContain("directories:");
    }

    @Test
    void theDirectoryMapperBecomesALiveMappingThroughAMarkedDirectoryStub() throws Exception {
        String server = "<system.webServer><security><authentication><clientCertificateMappingAuthentication enabled=\"true\" />"
                + "</authentication></security></system.webServer>";
        Conversion c = convert(server);
        // The stub is YAML certgate reads: every directoryMapping entry names it, and its values are marked.
        assertThat(c.yaml()).contains("      - directory: corp\n        form: altSecurityIdentities")
                .contains("      - directory: corp\n        form: sid")
                .contains("      - directory: corp\n        form: upn")
                .contains("bindPassword: { file: \"secrets/ldap.pw\" }   # FILL IN");
        assertThat(c.yaml().lines().filter(l -> l.contains("# FILL IN:"))).hasSize(4);
        assertThat(c.warnings()).anyMatch(w -> w.contains("through the directory \"corp\"") && w.contains("upn form is weak"));
    }

    @Test
    void aDocumentWithADoctypeIsRefusedBeforeAnyEntityIsRead() {
        String xml = "<!DOCTYPE configuration [<!ENTITY x SYSTEM \"file:///etc/hostname\">]><configuration>&x;</configuration>";
        assertThatThrownBy(() -> ApplicationHostReader.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(ApplicationHostReader.UnreadableConfigException.class).hasMessageContaining("DOCTYPE");
    }
}
