package io.certgate.config;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Key purposes an {@code eku} rule may name instead of writing the OID: RFC 5280 §4.2.1.12's
 * {@code id-kp-*} names without the prefix, and Microsoft's smart-card logon.
 */
public enum KeyPurpose {
    /** id-kp-serverAuth. */
    SERVER_AUTH("serverAuth", "1.3.6.1.5.5.7.3.1"),
    /** id-kp-clientAuth: TLS client authentication. */
    CLIENT_AUTH("clientAuth", "1.3.6.1.5.5.7.3.2"),
    /** id-kp-codeSigning. */
    CODE_SIGNING("codeSigning", "1.3.6.1.5.5.7.3.3"),
    /** id-kp-emailProtection. */
    EMAIL_PROTECTION("emailProtection", "1.3.6.1.5.5.7.3.4"),
    /** id-kp-timeStamping. */
    TIME_STAMPING("timeStamping", "1.3.6.1.5.5.7.3.8"),
    /** id-kp-OCSPSigning. */
    OCSP_SIGNING("OCSPSigning", "1.3.6.1.5.5.7.3.9"),
    /** anyExtendedKeyUsage (RFC 5280 §4.2.1.12). */
    ANY_EXTENDED_KEY_USAGE("anyExtendedKeyUsage", "2.5.29.37.0"),
    /** szOID_KP_SMARTCARD_LOGON: Windows smart-card logon, carried by PIV and AD certificates. */
    SMARTCARD_LOGON("smartcardLogon", "1.3.6.1.4.1.311.20.2.2");

    private final String configName;
    private final String oid;

    KeyPurpose(String configName, String oid) {
        this.configName = configName;
        this.oid = oid;
    }

    /** The name as written in the config, such as {@code clientAuth}. */
    public String configName() {
        return configName;
    }

    /** The dotted OID. */
    public String oid() {
        return oid;
    }

    /** The purpose spelled exactly so (names are case-sensitive, as in RFC 5280). */
    public static Optional<KeyPurpose> named(String name) {
        return Arrays.stream(values()).filter(p -> p.configName.equals(name)).findFirst();
    }

    /** Every name, comma-separated, for error messages. */
    static String names() {
        return Arrays.stream(values()).map(KeyPurpose::configName).collect(Collectors.joining(", "));
    }
}
