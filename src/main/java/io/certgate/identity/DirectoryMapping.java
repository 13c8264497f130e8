package io.certgate.identity;

import io.certgate.config.DirectoryMappingConfig;
import io.certgate.config.MappingForm;
import io.certgate.config.MappingStrength;
import io.certgate.directory.DirectoryAccount;
import io.certgate.directory.DirectoryClient;
import io.certgate.directory.Lookup;
import io.certgate.directory.Query;
import io.certgate.x509.CertificateFacts;
import io.certgate.x509.SecurityIdentifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One compiled {@code directoryMapping} entry: which values of a certificate it looks up, and
 * what the directory's answer means. Exactly one entry decides; several are 403.12 (never a
 * guess); none lets the next mapping try. KB5014754's strengths: with {@code strength: strong}
 * only strong forms count (altSecurityIdentities' weak forms are not even searched; an account
 * found by upn, email or subject needs the certificate's SID extension to equal its
 * {@code objectSid}), and a weak-only match is 403.12; with {@code compatibility} weak matches
 * are let in, each with a warning in the log.
 */
final class DirectoryMapping {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryMapping.class);
    /** The AD attribute the SID extension is compared with when a weak form needs it to be strong. */
    static final String OBJECT_SID = "objectSid";

    /** What one answer means: an identity, or null to try the next mapping; and the sentence explain prints. */
    record Outcome(Identity identity, String step) {
    }

    private final int number;
    private final DirectoryMappingConfig config;
    private final DirectoryClient client;

    DirectoryMapping(int number, DirectoryMappingConfig config, DirectoryClient client) {
        this.number = number;
        this.config = config;
        this.client = client;
    }

    /** Such as {@code directory mapping #1 (corp, altSecurityIdentities)}. */
    String label() {
        return "directory mapping #" + number + " (" + config.directory() + ", " + config.form().yamlName() + ")";
    }

    /** The lookup for this certificate; empty when the certificate has nothing this form searches by. */
    Optional<Query> query(CertificateFacts certificate) {
        String attribute = config.searchedAttribute();
        return switch (config.form()) {
            case ALT_SECURITY_IDENTITIES -> {
                List<String> values = allowed(certificate).stream().map(CertificateIdentities.Candidate::value).toList();
                yield values.isEmpty() ? Optional.empty() : Optional.of(Query.anyOf(attribute, values));
            }
            case SID -> SecurityIdentifier.of(certificate.certificate())
                    .map(sid -> Query.binary(attribute, sid.toBinary()));
            case UPN -> values(attribute, certificate.subjectAltNames().upns());
            case EMAIL -> values(attribute, CertificateIdentities.emails(certificate));
            case SUBJECT -> attribute.isEmpty()
                    ? Optional.of(Query.entryAt(certificate.subject().rfc4514(), OBJECT_SID))
                    : values(attribute, List.of(certificate.subject().rfc4514()));
        };
    }

    CompletableFuture<Lookup> find(Query query) {
        return client.find(query);
    }

    Lookup findNow(Query query) {
        return client.findNow(query);
    }

    Outcome decide(CertificateFacts certificate, Lookup lookup) {
        String at = label() + ": " + lookup.filter() + " (cache " + lookup.cache().description() + "): ";
        return switch (lookup.result()) {
            case NOT_FOUND -> new Outcome(null, at + "no entry; next mapping");
            case AMBIGUOUS -> {
                String why = label() + " found " + lookup.matches().size() + " or more entries ("
                        + String.join("; ", lookup.matches()) + "); a certificate must identify exactly one account";
                yield new Outcome(new Identity.Denied(certificate, why), at + why + " (403.12)");
            }
            case ERROR -> {
                String why = "directory " + config.directory() + " did not answer: " + lookup.problem();
                yield new Outcome(new Identity.Unavailable(certificate, why), at + why + " (503)");
            }
            case FOUND -> found(certificate, lookup.account().orElseThrow(), at);
        };
    }

    private Outcome found(CertificateFacts certificate, DirectoryAccount account, String at) {
        String who = "directory account \"" + account.name() + "\" (" + account.dn() + ")";
        String groups = account.groups().isEmpty() ? "no groups" : "groups: " + String.join(", ", account.groups());
        if (account.disabled()) {
            String why = who + " is disabled";
            return new Outcome(new Identity.Denied(certificate, why), at + why + " (403.12)");
        }
        Match match = match(certificate, account);
        String how = match.form() + ", " + (match.strong() ? "strong" : "weak");
        if (!match.strong() && config.strength() == MappingStrength.STRONG) {
            String why = who + " matched only by a weak mapping (" + match.form() + "); strength: strong accepts"
                    + " strong mappings only (KB5014754)" + (config.form() == MappingForm.ALT_SECURITY_IDENTITIES ? ""
                    : ": the certificate's SID extension must equal the account's " + OBJECT_SID);
            return new Outcome(new Identity.Denied(certificate, why), at + why + " (403.12)");
        }
        if (!match.strong()) {
            LOG.warn("{}: certificate {} mapped to {} by the weak mapping {} (strength: compatibility; KB5014754"
                    + " counts it as weak)", label(), certificate.subject().shortLabel(), who, match.form());
        }
        String mappedBy = label() + " by " + how;
        return new Outcome(new Identity.Account(account.name(), account.groups(), certificate, mappedBy),
                at + "found " + who + " (" + groups + ") by " + how);
    }

    private record Match(String form, boolean strong) {
    }

    /** Which form matched the entry, and how strong it is. */
    private Match match(CertificateFacts certificate, DirectoryAccount account) {
        return switch (config.form()) {
            case SID -> new Match("sid", true);
            case ALT_SECURITY_IDENTITIES -> {
                List<String> held = account.strings(config.searchedAttribute()).stream()
                        .map(v -> v.toLowerCase(Locale.ROOT)).toList();
                CertificateIdentities.Candidate best = null;
                for (CertificateIdentities.Candidate candidate : allowed(certificate)) {
                    if (held.contains(candidate.value().toLowerCase(Locale.ROOT))
                            && (best == null || candidate.strong() && !best.strong())) {
                        best = candidate;
                    }
                }
                // The directory matched by its own rule; if we cannot tell which value, assume the weakest searched.
                yield best != null ? new Match(best.form(), best.strong())
                        : new Match("altSecurityIdentities", config.strength() == MappingStrength.STRONG);
            }
            case UPN, EMAIL, SUBJECT -> new Match(config.form().yamlName() + (sidMatches(certificate, account)
                    ? " with the SID extension" : ""), sidMatches(certificate, account));
        };
    }

    /** KB5014754: an implicit mapping is strong when the certificate's SID extension is the account's objectSid. */
    private static boolean sidMatches(CertificateFacts certificate, DirectoryAccount account) {
        Optional<SecurityIdentifier> sid = SecurityIdentifier.of(certificate.certificate());
        if (sid.isEmpty()) {
            return false;
        }
        byte[] binary = sid.get().toBinary();
        for (byte[] held : account.binary(OBJECT_SID)) {
            if (Arrays.equals(held, binary) || new String(held, java.nio.charset.StandardCharsets.US_ASCII)
                    .equalsIgnoreCase(sid.get().text())) {
                return true;
            }
        }
        return false;
    }

    private List<CertificateIdentities.Candidate> allowed(CertificateFacts certificate) {
        List<CertificateIdentities.Candidate> all = CertificateIdentities.altSecurityIdentities(certificate);
        if (config.strength() == MappingStrength.COMPATIBILITY) {
            return all;
        }
        List<CertificateIdentities.Candidate> strong = new ArrayList<>();
        for (CertificateIdentities.Candidate candidate : all) {
            if (candidate.strong()) {
                strong.add(candidate);
            }
        }
        return strong;
    }

    private static Optional<Query> values(String attribute, List<String> values) {
        return values.isEmpty() ? Optional.empty() : Optional.of(Query.anyOf(attribute, values, OBJECT_SID));
    }
}
