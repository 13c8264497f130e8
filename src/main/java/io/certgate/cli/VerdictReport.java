package io.certgate.cli;

import io.certgate.validation.Verdict;
import io.certgate.x509.CertificateFacts;
import io.certgate.x509.DistinguishedName;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.Collectors;

/** A verdict written out for a person, line by line: what was presented, the path, the outcome and why. */
record VerdictReport(Verdict verdict, List<X509Certificate> presented) {

    void appendTo(StringBuilder out) {
        ExplainCommand.line(out, "presented", presented.isEmpty() ? "no certificate"
                : presented.stream().map(c -> DistinguishedName.of(c.getSubjectX500Principal()).rfc4514())
                .collect(Collectors.joining("  <-  ")));
        verdict.client().map(CertificateFacts::fingerprint)
                .ifPresent(f -> ExplainCommand.line(out, "fingerprint", "SHA-256 " + f.colonHex()));
        if (!verdict.path().isEmpty()) {
            ExplainCommand.line(out, "path", verdict.path().stream()
                    .map(c -> DistinguishedName.of(c.getSubjectX500Principal()).shortLabel())
                    .collect(Collectors.joining(" -> ")) + " (" + verdict.path().size() + " certificates, trusted root last)");
        }
        if (verdict.isValid()) {
            ExplainCommand.line(out, "checks", "signatures, validity dates, basic constraints and path length,"
                    + " key usage, clientAuth purpose: passed");
        }
        verdict.validPolicies().ifPresent(valid -> ExplainCommand.line(out, "policies", "the path is valid for "
                + (valid.any() ? "any policy" : valid.oids().isEmpty() ? "no certificate policy" : valid.toString())));
        verdict.revocationSources().forEach(source -> ExplainCommand.line(out, "revocation", source));
        verdict.warnings().forEach(warning -> ExplainCommand.line(out, "warning", warning));
        ExplainCommand.line(out, "verdict", verdict.outcome().label() + " ("
                + verdict.reason().label() + "): " + verdict.detail());
    }
}
