package dev.srekg.server;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Who may call srekg ({@code srekg.security.*}).
 *
 * @param tokens accepted tokens, as {@code Authorization: Bearer <token>} or {@code X-API-Key: <token>} (several,
 *     for rotation). Empty: no authentication, and srekg listens on 127.0.0.1 only unless {@code server.address}
 *     says otherwise
 * @param maxBodySize largest request body srekg reads (the webhooks have their own, smaller limit)
 */
@ConfigurationProperties("srekg.security")
public record SecurityProperties(
        List<String> tokens, @DefaultValue("16MB") DataSize maxBodySize) {

    public SecurityProperties {
        tokens = tokens == null
                ? List.of()
                : tokens.stream().map(String::strip).filter(t -> !t.isEmpty()).toList();
    }
}
