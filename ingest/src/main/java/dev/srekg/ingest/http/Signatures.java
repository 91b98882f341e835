package dev.srekg.ingest.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The HMAC-SHA256 signatures webhook senders put in a header (GitHub, LaunchDarkly): hex of the body's HMAC. */
final class Signatures {

    private Signatures() {}

    /** Whether {@code hex} is the hex HMAC-SHA256 of {@code body} under {@code secret}, compared in constant time. */
    static boolean matches(byte[] secret, byte[] body, String hex) {
        return MessageDigest.isEqual(
                hmacHex(secret, body), hex.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] hmacHex(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body)).getBytes(StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
