package io.certgate.identity;

import io.certgate.config.AccountConfig;
import io.certgate.config.PermissionMode;
import io.certgate.x509.CertificateFacts;
import io.certgate.x509.DistinguishedName;
import java.util.ArrayList;
import java.util.List;

/**
 * The slow path of {@link CertificateMapper}: the same walk as {@link CertificateMapper#map},
 * writing down one sentence per mapping considered. Kept apart so the fast path stays free of
 * string building.
 */
final class MappingExplainer {

    private final OneToOneTable oneToOne;
    private final List<ManyToOneMapping> manyToOne;
    private final List<String> steps = new ArrayList<>();

    MappingExplainer(OneToOneTable oneToOne, List<ManyToOneMapping> manyToOne) {
        this.oneToOne = oneToOne;
        this.manyToOne = manyToOne;
    }

    MappingReport explain(CertificateFacts certificate) {
        Identity identity = oneToOne(certificate);
        if (identity == null) {
            identity = manyToOne(certificate);
        }
        if (identity == null) {
            steps.add("no mapping matched: certificate " + certificate.subject().shortLabel()
                    + " identifies no account");
            identity = new Identity.CertificateOnly(certificate);
        }
        return new MappingReport(identity, steps);
    }

    private Identity oneToOne(CertificateFacts certificate) {
        String fingerprint = certificate.fingerprint().colonHex();
        if (oneToOne.size() == 0) {
            steps.add("one-to-one: no mappings configured");
            return null;
        }
        OneToOneTable.Entry entry = oneToOne.find(certificate.fingerprint());
        if (entry == null) {
            steps.add("one-to-one: no mapping for fingerprint " + fingerprint);
            return null;
        }
        if (!entry.enabled()) {
            steps.add("one-to-one mapping #" + entry.number() + " is for this certificate but disabled"
                    + " (enabled: false); skipped");
            return null;
        }
        steps.add(entry.mappedBy() + " matches fingerprint " + fingerprint + "; " + Accounts.describe(entry.account()));
        noteDisabled(entry.account());
        return Accounts.identity(entry.account(), certificate, entry.mappedBy());
    }

    private Identity manyToOne(CertificateFacts certificate) {
        for (ManyToOneMapping mapping : manyToOne) {
            String label = "many-to-one \"" + mapping.name() + "\": ";
            if (!mapping.enabled()) {
                steps.add(label + "disabled (enabled: false); skipped");
                continue;
            }
            int failing = mapping.firstFailingRule(certificate);
            if (failing >= 0) {
                FieldRule rule = mapping.rule(failing);
                List<String> values = rule.valuesOf(certificate);
                steps.add(label + "rule " + (failing + 1) + " (" + rule.description() + ") did not match; values: "
                        + (values.isEmpty() ? "none" : values.stream().map(DistinguishedName::escape).toList()));
                continue;
            }
            String matched = label + (mapping.ruleCount() == 1 ? "its rule matched" : "all " + mapping.ruleCount()
                    + " rules matched");
            if (mapping.mode() == PermissionMode.DENY) {
                steps.add(matched + "; deny (403.12)");
                return mapping.decide(certificate);
            }
            steps.add(matched + "; allow as " + Accounts.describe(mapping.account()));
            noteDisabled(mapping.account());
            return mapping.decide(certificate);
        }
        return null;
    }

    /** A disabled account refuses the certificate instead of admitting it; the report must say why. */
    private void noteDisabled(AccountConfig account) {
        if (!account.enabled()) {
            steps.add(Accounts.disabled(account) + " (enabled: false), so the certificate is refused (403.12)");
        }
    }
}
