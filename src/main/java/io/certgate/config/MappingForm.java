package io.certgate.config;

import java.util.List;

/**
 * How a directory mapping finds a certificate's account (KB5014754 names the strong and weak
 * forms). Each form searches its own attribute by default; {@code attribute:} points it elsewhere.
 */
public enum MappingForm {
    /** AD's {@code altSecurityIdentities}: strong {@code X509:<I>..<SR>..}, {@code <SKI>}, {@code <SHA1-PUKEY>}; weak {@code <I>..<S>..}, {@code <S>}, {@code <RFC822>}. */
    ALT_SECURITY_IDENTITIES("altSecurityIdentities", "altSecurityIdentities"),
    /** The certificate's SID extension (1.3.6.1.4.1.311.25.2) against {@code objectSid}: strong. */
    SID("sid", "objectSid"),
    /** The SAN otherName UPN against {@code userPrincipalName}: weak unless the SID extension matches too. */
    UPN("upn", "userPrincipalName"),
    /** SAN rfc822Name or subject E against {@code mail}: weak unless the SID extension matches too. */
    EMAIL("email", "mail"),
    /** The subject DN against the entry's DN, or against {@code attribute:}: weak unless the SID extension matches too. */
    SUBJECT("subject", "");

    private final String yamlName;
    private final String defaultAttribute;

    MappingForm(String yamlName, String defaultAttribute) {
        this.yamlName = yamlName;
        this.defaultAttribute = defaultAttribute;
    }

    /** As written in the configuration, such as {@code altSecurityIdentities}. */
    public String yamlName() {
        return yamlName;
    }

    /** The attribute searched when the mapping names none; empty for {@code subject} (the entry's DN). */
    public String defaultAttribute() {
        return defaultAttribute;
    }

    public static List<String> yamlNames() {
        return java.util.Arrays.stream(values()).map(MappingForm::yamlName).toList();
    }
}
