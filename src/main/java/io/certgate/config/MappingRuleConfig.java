package io.certgate.config;

/**
 * One rule of a many-to-one mapping: the field and sub-field to look at, and the pattern
 * ({@code *} any run of characters, {@code ?} one character) a value must match.
 *
 * @param compareCaseSensitive true (the IIS default) compares exactly; false ignores case
 */
public record MappingRuleConfig(
        CertificateField certificateField, CertificateSubField certificateSubField, String matchCriteria,
        boolean compareCaseSensitive, Origin origin) {
}
