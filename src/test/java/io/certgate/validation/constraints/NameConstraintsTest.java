package io.certgate.validation.constraints;

import static io.certgate.validation.constraints.Constrained.NOW;
import static io.certgate.validation.constraints.Constrained.client;
import static io.certgate.validation.constraints.Constrained.directory;
import static io.certgate.validation.constraints.Constrained.dns;
import static io.certgate.validation.constraints.Constrained.email;
import static io.certgate.validation.constraints.Constrained.excluded;
import static io.certgate.validation.constraints.Constrained.intermediate;
import static io.certgate.validation.constraints.Constrained.ip;
import static io.certgate.validation.constraints.Constrained.jdkAccepts;
import static io.certgate.validation.constraints.Constrained.otherName;
import static io.certgate.validation.constraints.Constrained.permitted;
import static io.certgate.validation.constraints.Constrained.root;
import static io.certgate.validation.constraints.Constrained.upn;
import static io.certgate.validation.constraints.Constrained.uri;
import static io.certgate.validation.constraints.Constrained.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.pki.Credential;
import io.certgate.validation.Reason;
import io.certgate.validation.Verdict;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.junit.jupiter.api.Test;

/**
 * Name constraints (RFC 5280 §4.2.1.10) for each name form certgate reads. Most cases put the
 * constraints in the trusted root, which the JDK never applies, so that every refusal here
 * is certgate's own; {@link #judge} checks that the JDK alone would have let each one in.
 */
class NameConstraintsTest {

    private static final String ROOT = " of the name constraints of trusted root CN=Constrained Root";

    // --- dNSName

    @Test
    void dnsNameInAnExcludedSubtreeIsRefused() {
        Verdict verdict = judge(excluded(dns("secret.example.com")), "CN=alice", b -> b.dns("db.secret.example.com"));

        assertThat(verdict.reason()).isEqualTo(Reason.NAME_CONSTRAINTS);
        assertThat(verdict.detail()).isEqualTo("certificate CN=alice has subjectAltName dNSName db.secret.example.com,"
                + " which falls in the excluded subtree dNSName secret.example.com" + ROOT);
    }

    @Test
    void dnsNamesCompareByWholeLabelsAndWithoutCase() {
        assertThat(judge(permitted(dns("example.com")), "CN=a", b -> b.dns("WWW.Example.COM")).reason()).isEqualTo(Reason.OK);
        assertThat(judge(permitted(dns("example.com")), "CN=a", b -> b.dns("badexample.com")).reason())
                .isEqualTo(Reason.NAME_CONSTRAINTS);
    }

    @Test
    void wildcardDnsNameCoveringAnExcludedNameIsRefused() {
        // *.example.com would match secret.example.com, so it is as excluded as that name.
        Credential root = Constrained.root().build();
        Credential ca = intermediate(root, excluded(dns("secret.example.com")));
        Credential leaf = client(ca, "CN=wild").dns("*.example.com").build();

        Verdict verdict = verdict(leaf, root);

        assertThat(jdkAccepts(leaf, root)).as("the JDK compares the wildcard as a string").isTrue();
        assertThat(verdict.reason()).isEqualTo(Reason.NAME_CONSTRAINTS);
        assertThat(verdict.detail()).isEqualTo("certificate CN=wild has subjectAltName dNSName *.example.com, which falls"
                + " in the excluded subtree dNSName secret.example.com of the name constraints of CA certificate"
                + " CN=Constrained Issuing CA");
        assertThat(verdict.offending()).contains(leaf.certificate());
    }

    @Test
    void wildcardDnsNameThatCannotReachAnExcludedNameIsValid() {
        // One label only: *.example.com never matches a.secret.example.com.
        assertThat(judge(excluded(dns("a.secret.example.com")), "CN=wild", b -> b.dns("*.example.com")).reason())
                .isEqualTo(Reason.OK);
    }

    @Test
    void wildcardDnsNameMustBeWhollyInsideAPermittedSubtree() {
        assertThat(judge(permitted(dns("example.com")), "CN=wild", b -> b.dns("*.example.com")).reason()).isEqualTo(Reason.OK);
        Verdict partly = judge(permitted(dns("www.example.com")), "CN=wild", b -> b.dns("*.example.com"));
        assertThat(partly.reason()).isEqualTo(Reason.NAME_CONSTRAINTS);
        assertThat(partly.detail()).isEqualTo("certificate CN=wild has subjectAltName dNSName *.example.com, outside the"
                + " permitted subtrees (dNSName www.example.com)" + ROOT);
    }

    // --- rfc822Name, and the subject's emailAddress

    @Test
    void emailConstraintOnAHostAdmitsThatHostOnly() {
        assertThat(judge(permitted(email("example.com")), "CN=a", b -> b.email("alice@example.com")).reason())
                .isEqualTo(Reason.OK);
        Verdict sub = judge(permitted(email("example.com")), "CN=a", b -> b.email("alice@mail.example.com"));
        assertThat(sub.reason()).isEqualTo(Reason.NAME_CONSTRAINTS);
        assertThat(sub.detail()).isEqualTo("certificate CN=a has subjectAltName rfc822Name alice@mail.example.com, outside"
                + " the permitted subtrees (rfc822Name example.com)" + ROOT);
    }

    @Test
    void emailConstraintWithALeadingDotAdmitsSubdomainsOnly() {
        assertThat(judge(permitted(email(".example.com")), "CN=a", b -> b.email("alice@mail.example.com")).reason())
                .isEqualTo(Reason.OK);
        assertThat(judge(permitted(email(".example.com")), "CN=a", b -> b.email("alice@example.com")).reason())
                .isEqualTo(Reason.NAME_CONSTRAINTS);
    }

    @Test
    void excludedMailboxIsRefusedAndItsNeighboursAreNot() {
        assertThat(judge(excluded(email("ceo@example.com")), "CN=a", b -> b.email("ceo@EXAMPLE.com")).reason())
                .isEqualTo(Reason.NAME_CONSTRAINTS);
        assertThat(judge(excluded(email("ceo@example.com")), "CN=a", b -> b.email("cfo@example.com")).reason())
                .isEqualTo(Reason.OK);
    }

    @Test
    void emailAddressInTheSubjectIsHeldToEmailConstraints() {
        Verdict verdict = judge(permitted(email("example.com")), "CN=eve,E=eve@evil.example.org", b -> b);

        assertThat(verdict.reason()).isEqualTo(Reason.NAME_CONSTRAINTS);
        assertThat(verdict.detail()).isEqualTo("certificate CN=eve has subject emailAddress eve@evil.example.org, outside"
                + " the permitted subtrees (rfc822Name example.com)" + ROOT);
    }

    @Test
    void emailAddressInTheSubjectIsHeldToEmailConstraintsThroughAnIntermediateToo() {
        Credential root = Constrained.root().build();
        Credential ca = intermediate(root, excluded(email("evil.example.org")));
        Credential leaf = client(ca, "CN=eve,E=eve@evil.example.org").dns("eve.example.com").build();

        Verdict verdict = verdict(leaf, root);

        assertThat(jdkAccepts(leaf, root)).as("the JDK reads the subject's email only when there is no SAN").isTrue();
        assertThat(verdict.reason()).isEqualTo(Reason.NAME_CONSTRAINTS);
        assertThat(verdict.detail()).startsWith("certificate CN=eve has subject emailAddress eve@evil.example.org, which"
                + " falls in the excluded subtree rfc822Name evil.example.org");
    }

    // --- iPAddress

    @Test
    void ipv4AddressOutsideThePermittedRangeIsRefused() {
        assertThat(judge(permitted(ip("10.0.0.0/8")), "CN=a", b -> b.ip("10.20.30.40")).reason()).isEqualTo(Reason.OK);
        Verdict outside = judge(permitted(ip("10.0.0.0/8")), "CN=a", b -> b.ip("192.168.1.1"));
        assertThat(outside.reason()).isEqualTo(Reason.NAME_CONSTRAINTS);
        assertThat(outside.detail()).isEqualTo("certificate CN=a has subjectAltName iPAddress 192.168.1.1, outside the"
                + " permitted subtrees (iPAddress 10.0.0.0/255.0.0.0)" + ROOT);
    }

    @Test
    void ipv6AddressesCompareUnderTheMask() {
        assertThat(judge(permitted(ip("2001:db8::/32")), "CN=a", b -> b.ip("2001:db8:ffff::1")).reason()).isEqualTo(Reason.OK);
        assertThat(judge(permitted(ip("2001:db8::/32")), "CN=a", b -> b.ip("2001:db9::1")).reason())
                .isEqualTo(Reason.NAME_CONSTRAINTS);
        Verdict excludedNet = judge(excluded(ip("2001:db8:bad::/48")), "CN=a", b -> b.ip("2001:db8:bad:1::5"));
        assertThat(excludedNet.reason()).isEqualTo(Reason.NAME_CONSTRAINTS);
        assertThat(excludedNet.detail()).isEqualTo("certificate CN=a has subjectAltName iPAddress 2001:db8:bad:1:0:0:0:5,"
                + " which falls in the excluded subtree iPAddress 2001:db8:bad:0:0:0:0:0/ffff:ffff:ffff:0:0:0:0:0" + ROOT);
    }

    @Test
    void ipv4AddressIsOutsideAnIpv6OnlyPermittedRange() {
        assertThat(judge(permitted(ip("2001:db8::/32")), "CN=a", b -> b.ip("10.0.0.1")).reason())
                .isEqualTo(Reason.NAME_CONSTRAINTS);
    }

    // --- uniformResourceIdentifier

    @Test
    void uriConstraintsApplyToTheHost() {
        assertThat(judge(permitted(uri(".example.com")), "CN=a", b -> b.uri("https://user@www.example.com:8443/x?y")).reason())
                .isEqualTo(Reason.OK);
        Verdict outside = judge(permitted(uri(".example.com")), "CN=a", b -> b.uri("https://www.example.org/"));
        assertThat(outside.reason()).isEqualTo(Reason.NAME_CONSTRAINTS);
        assertThat(outside.detail()).isEqualTo("certificate CN=a has subjectAltName uniformResourceIdentifier"
                + " https://www.example.org/, outside the permitted subtrees (uniformResourceIdentifier .example.com)" + ROOT);
        assertThat(judge(excluded(uri("www.example.com")), "CN=a", b -> b.uri("https://WWW.example.com/")).reason())
                .isEqualTo(Reason.NAME_CONSTRAINTS);
    }

    @Test
    void uriWithoutAHostCannotMeetUriConstraints() {
        Verdict verdict = judge(permitted(uri(".example.com")), "CN=a", b -> b.uri("urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e"));

        assertThat(verdict.reason()).isEqualTo(Reason.INVALID_NAME);
        assertThat(verdict.detail()).isEqualTo("certificate CN=a has subjectAltName uniformResourceIdentifier"
                + " urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e, which has no host for the URI name constraints of"
                + " trusted root CN=Constrained Root (RFC 5280 §4.2.1.10)");
    }

    @Test
    void uriWhoseHostIsAnAddressFailsClosed() {
        Verdict verdict = judge(excluded(uri("secret.example.com")), "CN=a", b -> b.uri("https://10.1.1.1/"));

        assertThat(verdict.reason()).isEqualTo(Reason.NAME_CONSTRAINTS);
        assertThat(verdict.detail()).endsWith("its host is an IP address, which URI constraints cannot name");
    }

    // --- directoryName

    @Test
    void subjectOutsideThePermittedDirectorySubtreeIsRefused() {
        var staffOnly = permitted(directory("O=certgate tests,OU=Staff"));
        assertThat(judge(staffOnly, "CN=alice,OU=staff,O=Certgate  Tests", b -> b).reason()).isEqualTo(Reason.OK);
        Verdict verdict = judge(staffOnly, "CN=bob,OU=Contractors,O=certgate tests", b -> b);
        assertThat(verdict.reason()).isEqualTo(Reason.NAME_CONSTRAINTS);
        assertThat(verdict.detail()).isEqualTo("certificate CN=bob has subject CN=bob,OU=Contractors,O=certgate tests,"
                + " outside the permitted subtrees (directoryName OU=Staff,O=certgate tests)" + ROOT);
    }

    @Test
    void directoryNameInTheSubjectAltNameIsHeldToDirectoryConstraints() {
        Verdict verdict = judge(excluded(directory("O=certgate tests,OU=Admins")), "CN=alice,OU=Staff,O=certgate tests",
                b -> b.altName(directory("O=certgate tests,OU=Admins,CN=root")));

        assertThat(verdict.reason()).isEqualTo(Reason.NAME_CONSTRAINTS);
        assertThat(verdict.detail()).startsWith("certificate CN=alice has subjectAltName directoryName"
                + " CN=root,OU=Admins,O=certgate tests, which falls in the excluded subtree");
    }

    // --- otherName: the Microsoft UPN, and forms certgate cannot compare

    @Test
    void upnIsComparedOnThePartAfterTheAt() {
        assertThat(judge(permitted(upn("@corp.example.com")), "CN=a", b -> b.upn("alice@corp.example.com")).reason())
                .isEqualTo(Reason.OK);
        Verdict verdict = judge(permitted(upn("@corp.example.com")), "CN=a", b -> b.upn("alice@example.org"));
        assertThat(verdict.reason()).isEqualTo(Reason.NAME_CONSTRAINTS);
        assertThat(verdict.detail()).isEqualTo("certificate CN=a has subjectAltName otherName UPN alice@example.org,"
                + " outside the permitted subtrees (otherName UPN @corp.example.com)" + ROOT);
    }

    @Test
    void upnDomainConstraintAdmitsSubdomainsAsWindowsDoes() {
        assertThat(judge(permitted(upn("@corp.example.com")), "CN=a", b -> b.upn("alice@eu.corp.example.com")).reason())
                .isEqualTo(Reason.OK);
        assertThat(judge(permitted(upn("@corp.example.com")), "CN=a", b -> b.upn("alice@notcorp.example.com")).reason())
                .isEqualTo(Reason.NAME_CONSTRAINTS);
    }

    @Test
    void upnWithoutAnAtFailsClosedUnderUpnConstraints() {
        Verdict verdict = judge(excluded(upn("@evil.example.com")), "CN=a", b -> b.upn("alice"));

        assertThat(verdict.reason()).isEqualTo(Reason.NAME_CONSTRAINTS);
        assertThat(verdict.detail()).endsWith("it has no @ and so no suffix to compare");
    }

    @Test
    void excludedUpnOfAnIntermediateIsRefused() {
        // Judged by the checks alone: the JDK's PKIX throws on any otherName constraint of an
        // intermediate met by an otherName below it ("Narrowing, widening, and matching are not
        // supported for OtherName"), so the engine cannot get this far for such a path.
        Credential root = Constrained.root().build();
        Credential ca = intermediate(root, excluded(upn("administrator@corp.example.com")));
        Credential leaf = client(ca, "CN=admin").upn("Administrator@CORP.example.com").build();

        Optional<Violation> violation = PathConstraints.check(leaf.chainWithoutRoot(), root.certificate());

        assertThat(violation).hasValueSatisfying(v -> {
            assertThat(v.check()).isEqualTo(Check.EXCLUDED_SUBTREES);
            assertThat(v.certificate()).isEqualTo(leaf.certificate());
            assertThat(v.detail()).isEqualTo("certificate CN=admin has subjectAltName otherName UPN"
                    + " Administrator@CORP.example.com, which falls in the excluded subtree otherName UPN"
                    + " administrator@corp.example.com of the name constraints of CA certificate CN=Constrained Issuing CA");
        });
        Credential other = client(ca, "CN=alice").upn("alice@corp.example.com").build();
        assertThat(PathConstraints.check(other.chainWithoutRoot(), root.certificate())).isEmpty();
    }

    @Test
    void criticalConstraintOnAnOtherNameCertgateCannotCompareFailsClosed() {
        ASN1ObjectIdentifier unknown = new ASN1ObjectIdentifier("1.3.6.1.4.1.55555.7");
        Verdict verdict = judge(permitted(otherName(unknown, "x")), "CN=a", b -> b.altName(otherName(unknown, "y")));

        assertThat(verdict.reason()).isEqualTo(Reason.NAME_CONSTRAINTS);
        assertThat(verdict.detail()).isEqualTo("the name constraints of trusted root CN=Constrained Root cannot be applied"
                + " to subjectAltName otherName 1.3.6.1.4.1.55555.7 y of certificate CN=a: certgate cannot compare"
                + " otherName names");
    }

    @Test
    void constraintCertgateCannotEvaluateIsIgnoredInANonCriticalExtension() {
        ASN1ObjectIdentifier unknown = new ASN1ObjectIdentifier("1.3.6.1.4.1.55555.7");
        Credential root = Constrained.root().extension(org.bouncycastle.asn1.x509.Extension.nameConstraints, false,
                permitted(otherName(unknown, "x"), dns("example.com")).value()).build();
        Credential leaf = client(root, "CN=a").altName(otherName(unknown, "y")).dns("www.example.com").build();
        Credential outside = client(root, "CN=b").altName(otherName(unknown, "y")).dns("www.example.org").build();

        assertThat(verdict(leaf, root).reason()).isEqualTo(Reason.OK);
        assertThat(verdict(outside, root).reason()).as("what it can evaluate still applies").isEqualTo(Reason.NAME_CONSTRAINTS);
    }

    @Test
    void constrainedNameFormThatIsAbsentPasses() {
        ASN1ObjectIdentifier unknown = new ASN1ObjectIdentifier("1.3.6.1.4.1.55555.7");
        var everything = permitted(dns("example.com"), otherName(unknown, "x"), ip("10.0.0.0/8"), uri(".example.com"));

        assertThat(judge(everything, "CN=a", b -> b.email("alice@anywhere.example.org")).reason()).isEqualTo(Reason.OK);
    }

    @Test
    void everyCaAboveACertificateConstrainsIt() {
        // The root permits example.com only; the intermediate's own permission of example.org cannot widen it.
        Credential root = root(permitted(dns("example.com")));
        Credential ca = intermediate(root, permitted(dns("example.org")));
        Credential leaf = client(ca, "CN=a").dns("www.example.org").build();

        Verdict verdict = verdict(leaf, root);

        assertThat(verdict.reason()).isEqualTo(Reason.NAME_CONSTRAINTS);
        assertThat(verdict.detail()).contains("outside the permitted subtrees (dNSName example.com)" + ROOT);
    }

    /** Mints a leaf directly under a root with {@code subtrees}, and checks the JDK alone would accept what certgate refuses. */
    private static Verdict judge(Constrained.Subtrees subtrees, String subject, UnaryOperator<Credential.Builder> names) {
        Credential root = root(subtrees);
        Credential leaf = names.apply(client(root, subject)).build();
        Verdict verdict = verdict(leaf, root);
        if (!verdict.isValid()) {
            assertThat(jdkAccepts(leaf, root)).as("the JDK alone accepts %s", leaf.certificate().getSubjectX500Principal())
                    .isTrue();
        }
        return verdict;
    }

}
