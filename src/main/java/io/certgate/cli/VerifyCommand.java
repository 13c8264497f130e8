package io.certgate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.certgate.access.AccessPolicy;
import io.certgate.access.Decision;
import io.certgate.access.Refusal;
import io.certgate.config.AccessRuleConfig;
import io.certgate.config.ClientCertMode;
import io.certgate.config.CertificatePoliciesConfig;
import io.certgate.config.ClientCertificatesConfig;
import io.certgate.config.OnUnavailable;
import io.certgate.config.RevocationScope;
import io.certgate.identity.Identity;
import io.certgate.revocation.CrlFile;
import io.certgate.revocation.CrlStore;
import io.certgate.revocation.RevocationChecker;
import io.certgate.validation.PathValidator;
import io.certgate.validation.TrustStore;
import io.certgate.validation.ValidationPolicy;
import io.certgate.validation.Verdict;
import io.certgate.x509.CertificateFiles;
import io.certgate.x509.DistinguishedName;
import io.certgate.x509.Fingerprint;
import io.certgate.x509.X509FileException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code certgate verify}: path validation only, with the engine that serves requests, and the
 * verdict as JSON on stdout (SPEC §2). Exit 0 when the certificate is valid, 1 when it is not, 2
 * for a usage error (a file that cannot be read, a time that is not ISO-8601).
 *
 * <p>Revocation is checked against the {@code --crl} files only (nothing is downloaded, so that
 * the answer depends on the command line alone); without them it is not checked, and the
 * output says so among its warnings.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Validate a certificate's path to trusted roots and print the verdict as JSON;"
                + " exit 0 valid, 1 invalid, 2 usage error.")
final class VerifyCommand implements Callable<Integer> {

    /** What the leaf must be good for. */
    enum Purpose { CLIENT, ANY }

    @Option(names = "--roots", paramLabel = "R.pem", required = true,
            description = "trusted roots: PEM or DER files, or directories of PEM (repeatable)")
    List<Path> roots = new ArrayList<>();

    @Option(names = "--intermediates", paramLabel = "I.pem", description = "intermediates the server knows (repeatable)")
    List<Path> intermediates = new ArrayList<>();

    @Option(names = "--crl", paramLabel = "X.crl", description = "CRL files, PEM or DER (repeatable); without any,"
            + " revocation is not checked")
    List<Path> crls = new ArrayList<>();

    @Option(names = "--at", paramLabel = "TIME", description = "the validation time, ISO-8601 such as"
            + " 2026-01-01T00:00:00Z (default: now)")
    Instant at;

    @Option(names = "--purpose", paramLabel = "client|any", defaultValue = "client", converter = PurposeConverter.class,
            description = "client: the leaf must allow TLS client authentication (default); any: the path only")
    Purpose purpose;

    @Option(names = "--max-chain-length", paramLabel = "N", defaultValue = "" + ClientCertificatesConfig.DEFAULT_MAX_CHAIN_LENGTH,
            description = "the most certificates a path may hold, leaf and root included (default: ${DEFAULT-VALUE})")
    int maxChainLength;

    @Option(names = "--policy", paramLabel = "OID", description = "an acceptable certificate policy (repeatable):"
            + " the initial-policy-set of RFC 5280 §6.1.1 (c); without any, any policy is acceptable")
    List<String> policies = new ArrayList<>();

    @Option(names = "--require-explicit-policy", description = "the path must be valid for an acceptable policy"
            + " (initial-explicit-policy); without it, --policy is enforced only where a CA requires an explicit policy")
    boolean requireExplicitPolicy;

    @Option(names = "--inhibit-policy-mapping", description = "policy mappings of the CAs are not followed"
            + " (initial-policy-mapping-inhibit)")
    boolean inhibitPolicyMapping;

    @Option(names = "--inhibit-any-policy", description = "anyPolicy in a CA certificate does not stand for every"
            + " policy (initial-any-policy-inhibit)")
    boolean inhibitAnyPolicy;

    @Parameters(index = "0", paramLabel = "LEAF.pem",
            description = "the certificate to verify, optionally followed by the intermediates it would send")
    Path leaf;

    @Override
    public Integer call() {
        Instant when = at != null ? at : Instant.now();
        for (String oid : policies) {
            if (!CertificatePoliciesConfig.isOid(oid)) {
                System.err.println("certgate verify: --policy " + oid + " is not an OID (dotted numbers such as"
                        + " 2.16.840.1.101.3.2.1.3.13)");
                return Main.EXIT_USAGE;
            }
        }
        List<X509Certificate> presented;
        PathValidator validator;
        try {
            presented = CertificateFiles.readCertificates(leaf);
            List<X509Certificate> trusted = readAll(roots);
            List<X509Certificate> known = readAll(intermediates);
            List<CrlFile> files = new ArrayList<>();
            for (Path crl : crls) {
                files.add(CrlFile.read(crl));
            }
            RevocationChecker revocation = files.isEmpty() ? RevocationChecker.NONE : CrlStore.of(files, 1);
            ValidationPolicy policy = new ValidationPolicy(purpose == Purpose.CLIENT ? ValidationPolicy.Purpose.CLIENT_AUTH
                    : ValidationPolicy.Purpose.ANY, maxChainLength, RevocationScope.CHAIN, OnUnavailable.DENY,
                    new ValidationPolicy.CertificatePolicies(new java.util.LinkedHashSet<>(policies), requireExplicitPolicy,
                            inhibitPolicyMapping, inhibitAnyPolicy), ValidationPolicy.DEFAULT_VERDICT_TTL);
            validator = new PathValidator(TrustStore.of(trusted, known), policy, revocation);
        } catch (X509FileException e) {
            System.err.println("certgate verify: " + e.getMessage());
            return Main.EXIT_USAGE;
        }
        Verdict verdict = validator.validate(presented, when);
        System.out.println(json(verdict, when));
        return verdict.isValid() ? 0 : 1;
    }

    private String json(Verdict verdict, Instant when) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode out = mapper.createObjectNode();
        out.put("valid", verdict.isValid());
        out.put("reason", verdict.reason().label());
        Identity identity = verdict.client().<Identity>map(Identity.CertificateOnly::new).orElse(Identity.ANONYMOUS);
        Decision decision = AccessPolicy.decide(ClientCertMode.REQUIRE, verdict, identity, AccessRuleConfig.NONE);
        out.put("status", decision.refusal().map(Refusal::code).orElse("200"));
        decision.refusal().ifPresent(refusal -> out.put("refusal", refusal.reason()));
        out.put("detail", verdict.detail());
        out.put("at", when.toString());
        ArrayNode chain = out.putArray("chain");
        for (X509Certificate certificate : verdict.path()) {
            ObjectNode node = chain.addObject();
            node.put("subject", DistinguishedName.of(certificate.getSubjectX500Principal()).rfc4514());
            node.put("issuer", DistinguishedName.of(certificate.getIssuerX500Principal()).rfc4514());
            node.put("serial", certificate.getSerialNumber().toString(16).toUpperCase(Locale.ROOT));
            node.put("notBefore", certificate.getNotBefore().toInstant().toString());
            node.put("notAfter", certificate.getNotAfter().toInstant().toString());
            node.put("fingerprint", Fingerprint.sha256(certificate).colonHex());
        }
        // "any", or the policy OIDs (an empty list: valid for no policy); absent when no path got that far
        verdict.validPolicies().ifPresent(valid -> {
            if (valid.any()) {
                out.put("validPolicies", "any");
            } else {
                ArrayNode oids = out.putArray("validPolicies");
                valid.oids().forEach(oids::add);
            }
        });
        ArrayNode sources = out.putArray("revocationSources");
        verdict.revocationSources().forEach(sources::add);
        ArrayNode warnings = out.putArray("warnings");
        if (crls.isEmpty()) {
            warnings.add("revocation was not checked: no --crl was given");
        }
        verdict.warnings().forEach(warnings::add);
        try {
            return mapper.writeValueAsString(out);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serialises", e);
        }
    }

    private static List<X509Certificate> readAll(List<Path> paths) throws X509FileException {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Path path : paths) {
            certificates.addAll(CertificateFiles.readCertificatesFromFileOrDirectory(path));
        }
        return certificates;
    }

    /** {@code client} or {@code any}, as SPEC §2 spells them. */
    static final class PurposeConverter implements CommandLine.ITypeConverter<Purpose> {
        @Override
        public Purpose convert(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "client" -> Purpose.CLIENT;
                case "any" -> Purpose.ANY;
                default -> throw new CommandLine.TypeConversionException("expected client or any, got \"" + value + "\"");
            };
        }
    }
}
