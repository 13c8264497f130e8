package io.certgate.validation.constraints;

import static io.certgate.validation.constraints.Constrained.client;
import static io.certgate.validation.constraints.Constrained.dns;
import static io.certgate.validation.constraints.Constrained.intermediate;
import static io.certgate.validation.constraints.Constrained.jdkAccepts;
import static io.certgate.validation.constraints.Constrained.permitted;
import static io.certgate.validation.constraints.Constrained.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.pki.Credential;
import io.certgate.validation.Outcome;
import io.certgate.validation.Reason;
import io.certgate.validation.Verdict;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** subjectAltName syntax (RFC 5280 §4.2.1.6): a name that is not valid for its form is refused as invalid-name. */
class NameSyntaxTest {

    private final Credential root = Constrained.root().build();
    private final Credential ca = intermediate(root, Constrained.excluded());

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"my_host.example.com", "a..example.com", ".example.com", "example.com.", "a b.example.com", " ",
            "", "-a.example.com", "a-.example.com", "f*.example.com", "*.*.example.com", "*", "bücher.example"})
    void dnsNameThatIsNotPreferredNameSyntaxIsRefused(String name) {
        Credential leaf = client(ca, "CN=alice").dns(name).build();

        Verdict verdict = verdict(leaf, root);

        assertThat(verdict.reason()).isEqualTo(Reason.INVALID_NAME);
        assertThat(verdict.reason().label()).isEqualTo("invalid-name");
        assertThat(verdict.outcome()).isEqualTo(Outcome.UNTRUSTED);
        assertThat(verdict.detail()).startsWith("certificate CN=alice has an invalid subjectAltName: dNSName \"" + name
                + "\" is not a valid DNS name: ");
        assertThat(verdict.offending()).contains(leaf.certificate());
    }

    @Test
    void underscoreInADnsNameIsNamedInTheDetail() {
        Credential leaf = client(ca, "CN=alice").dns("my_host.example.com").build();

        Verdict verdict = verdict(leaf, root);

        assertThat(jdkAccepts(leaf, root)).isTrue();
        assertThat(verdict.detail()).isEqualTo("certificate CN=alice has an invalid subjectAltName: dNSName"
                + " \"my_host.example.com\" is not a valid DNS name: it contains '_', which is not a letter, digit or hyphen");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"*.example.com", "xn--bcher-kva.example", "1password.example.com", "a-b.example.com", "localhost"})
    void validDnsNamesPass(String name) {
        assertThat(verdict(client(ca, "CN=alice").dns(name).build(), root).reason()).isEqualTo(Reason.OK);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"alice", "alice@", "@example.com", "Alice <alice@example.com>", "alice@exa_mple.com",
            "a..b@example.com", "alice smith@example.com", "alice@[192.0.2.1]"})
    void rfc822NameThatIsNotAnAddressIsRefused(String address) {
        Verdict verdict = verdict(client(ca, "CN=alice").email(address).build(), root);

        assertThat(verdict.reason()).isEqualTo(Reason.INVALID_NAME);
        assertThat(verdict.detail()).startsWith("certificate CN=alice has an invalid subjectAltName: rfc822Name \""
                + address + "\" is not an email address: ");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"first.last+tag@example.com", "\"alice smith\"@example.com", "o'brien@mail.example.com"})
    void validMailboxesPass(String address) {
        assertThat(verdict(client(ca, "CN=alice").email(address).build(), root).reason()).isEqualTo(Reason.OK);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"www.example.com/path", "//www.example.com/", "1http://x.example.com", "https://a b.example.com/"})
    void uriWithoutASchemeOrWithASpaceIsRefused(String uri) {
        Verdict verdict = verdict(client(ca, "CN=alice").uri(uri).build(), root);

        assertThat(verdict.reason()).isEqualTo(Reason.INVALID_NAME);
        assertThat(verdict.detail()).startsWith("certificate CN=alice has an invalid subjectAltName: uniformResourceIdentifier"
                + " \"" + uri + "\" is not a URI: ");
    }

    @Test
    void uriWithoutAHostPassesWhenNoUriConstraintApplies() {
        Credential leaf = client(ca, "CN=alice").uri("urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e").build();

        assertThat(verdict(leaf, root).reason()).isEqualTo(Reason.OK);
    }

    @ParameterizedTest(name = "{0} octets")
    @ValueSource(ints = {0, 3, 5, 8, 17})
    void ipAddressThatIsNeitherFourNorSixteenOctetsIsRefused(int octets) {
        Credential leaf = client(ca, "CN=alice").altName(new GeneralName(GeneralName.iPAddress,
                new DEROctetString(new byte[octets]))).build();

        Verdict verdict = verdict(leaf, root);

        assertThat(verdict.reason()).isEqualTo(Reason.INVALID_NAME);
        assertThat(verdict.detail()).endsWith("an iPAddress must be 4 (IPv4) or 16 (IPv6) octets, not " + octets);
    }

    @Test
    void subjectAltNameThatDoesNotDecodeIsMalformed() {
        Credential leaf = client(ca, "CN=alice").extension(Extension.subjectAlternativeName, false,
                new DERSequence(new DERUTF8String("not a GeneralName"))).build();

        Verdict verdict = verdict(leaf, root);

        assertThat(jdkAccepts(leaf, root)).as("the JDK keeps an extension it cannot parse as opaque").isTrue();
        // The chain is decoded strictly before any path is built (ChainIntake): what does not
        // decode is malformed, before name syntax is judged.
        assertThat(verdict.reason()).isEqualTo(Reason.MALFORMED);
        assertThat(verdict.detail()).contains("subjectAltName").contains("cannot be decoded");
    }

    @Test
    void nameConstraintsDoNotLetAMalformedNameThrough() {
        // Compared as text, evil_host.example.com is below example.com; syntax is checked first.
        Credential constrainedRoot = Constrained.root(permitted(dns("example.com")));
        Credential leaf = client(constrainedRoot, "CN=alice").dns("evil_host.example.com").build();

        Verdict verdict = verdict(leaf, constrainedRoot);

        assertThat(jdkAccepts(leaf, constrainedRoot)).isTrue();
        assertThat(verdict.reason()).isEqualTo(Reason.INVALID_NAME);
    }
}
