package dev.srekg.server;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may call the API: with {@code srekg.security.tokens} set, every request under {@code /api}, {@code /mcp} and
 * {@code /actuator} (but health, for probes) needs one of them as {@code Authorization: Bearer} or
 * {@code X-API-Key}, else 401. Signed webhooks ({@link #SIGNED_WEBHOOKS}) are the exception: their senders cannot
 * present a token, and their signature is their authentication, so a request there that carries its signature header
 * passes on to the webhook, which verifies the signature against the body (and refuses a wrong one with 401); one
 * with neither signature nor token is refused here. Bodies larger than {@code srekg.security.max-body-size} are refused with 413 before
 * they are read. Answers are RFC 9457 problems. The UI's static files need no token; their API calls do.
 */
final class ApiAccessFilter extends OncePerRequestFilter {

    /** Webhook paths that authenticate by a signature of the body, with the header that carries it. */
    static final Map<String, String> SIGNED_WEBHOOKS =
            Map.of("/api/v1/webhooks/github", "X-Hub-Signature-256", "/api/v1/webhooks/launchdarkly", "X-LD-Signature");

    private final List<byte[]> tokens;
    private final long maxBodyBytes;

    ApiAccessFilter(SecurityProperties properties) {
        this.tokens = properties.tokens().stream()
                .map(t -> t.getBytes(StandardCharsets.UTF_8))
                .toList();
        this.maxBodyBytes = properties.maxBodySize().toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        boolean guarded = path.startsWith("/api/")
                || path.equals("/mcp")
                || (path.startsWith("/actuator") && !path.startsWith("/actuator/health"));
        if (guarded && !tokens.isEmpty() && !signed(path, request) && !authorized(request)) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"srekg\"");
            Problems.write(
                    response,
                    HttpStatus.UNAUTHORIZED,
                    "Unauthorized",
                    "A token is required: Authorization: Bearer <token> or X-API-Key");
            return;
        }
        if (request.getContentLengthLong() > maxBodyBytes) {
            Problems.write(
                    response,
                    HttpStatus.CONTENT_TOO_LARGE,
                    "Content Too Large",
                    "Body of " + request.getContentLengthLong() + " bytes exceeds the limit of " + maxBodyBytes);
            return;
        }
        chain.doFilter(request, response);
    }

    /** A signed webhook's request that carries its signature, which the webhook itself verifies. */
    private static boolean signed(String path, HttpServletRequest request) {
        String header = SIGNED_WEBHOOKS.get(path);
        return header != null && request.getHeader(header) != null;
    }

    private boolean authorized(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        String presented = null;
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = header.substring(7).strip();
        } else if (request.getHeader("X-API-Key") != null) {
            presented = request.getHeader("X-API-Key").strip();
        }
        if (presented == null) {
            return false;
        }
        byte[] given = presented.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] token : tokens) {
            match |= MessageDigest.isEqual(token, given);
        }
        return match;
    }
}
