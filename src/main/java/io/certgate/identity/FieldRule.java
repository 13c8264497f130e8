package io.certgate.identity;

import io.certgate.config.CertificateField;
import io.certgate.config.CertificateSubField;
import io.certgate.config.KeyPurpose;
import io.certgate.config.MappingRuleConfig;
import io.certgate.x509.CertificateFacts;
import io.certgate.x509.NameAttribute;
import io.certgate.x509.StringPreparation;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One compiled many-to-one rule: where its values come from and the pattern one of them must
 * match. A field with several values (two OUs, three DNS names, two CNs, the two CNs of one
 * multi-valued RDN, several policy OIDs) matches when any value matches, in allow and deny
 * mappings alike; a field the certificate does not have never matches (IIS: no value, no match).
 *
 * <p>Text fields compare in {@link StringPreparation}'s form: the pattern is prepared once here,
 * name values once when the certificate was read, SAN values when they are matched. {@code policy} and {@code eku} compare dotted
 * OIDs exactly (case and preparation mean nothing there); an {@code eku} purpose name is
 * replaced by its OID.
 */
final class FieldRule {

    /** The values a rule matches against (prepared, for text fields). */
    private final Function<CertificateFacts, List<String>> candidates;
    /** The values as the certificate has them, for explanations. */
    private final Function<CertificateFacts, List<String>> values;
    private final Glob glob;
    /** True when {@link #candidates} still need preparing at each match (SAN values; names come prepared). */
    private final boolean prepareEach;
    private final String description;

    private FieldRule(Function<CertificateFacts, List<String>> candidates, Function<CertificateFacts, List<String>> values,
                      Glob glob, boolean prepareEach, String description) {
        this.candidates = candidates;
        this.values = values;
        this.glob = glob;
        this.prepareEach = prepareEach;
        this.description = description;
    }

    static FieldRule compile(MappingRuleConfig config) {
        CertificateField field = config.certificateField();
        if (field.holdsOids()) {
            String oid = field == CertificateField.EKU
                    ? KeyPurpose.named(config.matchCriteria()).map(KeyPurpose::oid).orElse(config.matchCriteria())
                    : config.matchCriteria();
            Glob glob = Glob.compile(oid, true);
            String written = oid.equals(config.matchCriteria()) ? "\"" + oid + "\""
                    : "\"" + config.matchCriteria() + "\" (" + oid + ")";
            return new FieldRule(oids(field), oids(field), glob, false, fieldName(field) + " matches " + written);
        }
        CertificateSubField sub = config.certificateSubField().orElseThrow(() -> mismatch(field, null));
        Glob glob = Glob.compile(StringPreparation.prepare(config.matchCriteria()), config.compareCaseSensitive());
        String description = fieldName(field) + " " + subFieldName(sub) + " matches " + glob;
        Function<CertificateFacts, List<String>> values = source(field, sub, false);
        return field == CertificateField.SAN
                ? new FieldRule(values, values, glob, true, description)
                : new FieldRule(source(field, sub, true), values, glob, false, description);
    }

    /** True when the pattern, prepared, is empty: it could match only a value that is all spaces and invisible characters. */
    static boolean preparesToNothing(String matchCriteria) {
        return StringPreparation.prepare(matchCriteria).isEmpty();
    }

    /**
     * Allocation-free for names (prepared when the certificate was read) and for ASCII SAN
     * values (which preparation returns as they are).
     */
    boolean matches(CertificateFacts certificate) {
        List<String> list = candidates.apply(certificate);
        for (int i = 0; i < list.size(); i++) {
            String value = list.get(i);
            if (glob.matches(prepareEach ? StringPreparation.prepare(value) : value)) {
                return true;
            }
        }
        return false;
    }

    /** The values this rule looked at, for explanations. */
    List<String> valuesOf(CertificateFacts certificate) {
        return values.apply(certificate);
    }

    /** Such as {@code subject OU matches "Sales*", case-insensitive}. */
    String description() {
        return description;
    }

    private static Function<CertificateFacts, List<String>> source(CertificateField field, CertificateSubField sub,
                                                                   boolean prepared) {
        return switch (field) {
            case SUBJECT -> {
                NameAttribute attribute = attribute(sub);
                yield prepared ? certificate -> certificate.subject().preparedValues(attribute)
                        : certificate -> certificate.subject().values(attribute);
            }
            case ISSUER -> {
                NameAttribute attribute = attribute(sub);
                yield prepared ? certificate -> certificate.issuer().preparedValues(attribute)
                        : certificate -> certificate.issuer().values(attribute);
            }
            case SAN -> switch (sub) {
                case EMAIL -> certificate -> certificate.subjectAltNames().emails();
                case DNS -> certificate -> certificate.subjectAltNames().dnsNames();
                case URI -> certificate -> certificate.subjectAltNames().uris();
                case UPN -> certificate -> certificate.subjectAltNames().upns();
                default -> throw mismatch(field, sub);
            };
            case POLICY, EKU -> throw mismatch(field, sub);
        };
    }

    private static Function<CertificateFacts, List<String>> oids(CertificateField field) {
        return field == CertificateField.POLICY ? CertificateFacts::policies : CertificateFacts::extendedKeyUsages;
    }

    private static NameAttribute attribute(CertificateSubField sub) {
        return switch (sub) {
            case CN -> NameAttribute.CN;
            case O -> NameAttribute.O;
            case OU -> NameAttribute.OU;
            case L -> NameAttribute.L;
            case ST -> NameAttribute.ST;
            case C -> NameAttribute.C;
            case E -> NameAttribute.E;
            case DC -> NameAttribute.DC;
            default -> throw mismatch(CertificateField.SUBJECT, sub);
        };
    }

    /** The config binder refuses these pairs; reaching here means a model was built around it. */
    private static IllegalArgumentException mismatch(CertificateField field, CertificateSubField sub) {
        return new IllegalArgumentException(sub + " is not a sub-field of " + field);
    }

    private static String fieldName(CertificateField field) {
        return field.name().toLowerCase(Locale.ROOT);
    }

    /** Distinguished-name attributes are written in capitals (OU), SAN kinds in lower case (upn), as in the config. */
    private static String subFieldName(CertificateSubField sub) {
        return sub.isAlternativeName() ? sub.name().toLowerCase(Locale.ROOT) : sub.name();
    }
}
