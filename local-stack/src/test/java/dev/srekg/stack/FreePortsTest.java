package dev.srekg.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Free ports for listeners bound later never repeat. Issue 17. */
class FreePortsTest {

    @Test
    void portsOfOneCallAreDistinct() {
        List<Integer> ports = FreePorts.pick(50);

        assertThat(ports)
                .hasSize(50)
                .doesNotHaveDuplicates()
                .allSatisfy(p -> assertThat(p).isPositive());
    }

    @Test
    void portsOfSeparateCallsAreDistinct() {
        // issue 17: two freePort() calls in a row returned the same port, and the broker's listener and controller
        // then collided
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ports.add(FreePorts.pick());
        }

        assertThat(ports).doesNotHaveDuplicates();
    }

    @Test
    void takenPortsAreNotHandedOut() {
        int taken = FreePorts.pick();

        List<Integer> ports = FreePorts.pick(20, taken);

        assertThat(ports).doesNotContain(taken);
    }
}
