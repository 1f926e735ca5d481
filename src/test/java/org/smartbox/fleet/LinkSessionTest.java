package org.smartbox.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;

/**
 * Publishing on a connection that closes under the client. Paho 1.2.5 can then fail inside
 * {@code publish} with a NullPointerException from its token store (seen in CI under load: it ended
 * the event uplink's thread, and no event went out again until a restart). The client here fails
 * that way on purpose, since the race itself cannot be made to happen on demand.
 */
class LinkSessionTest {

    /** A client that fails inside publish as Paho does when its connection is being torn down. */
    private static final class ClosingClient extends MqttAsyncClient {
        final AtomicInteger publishes = new AtomicInteger();

        ClosingClient() throws MqttException {
            super("tcp://127.0.0.1:1", "closing", new MemoryPersistence());
        }

        @Override
        public IMqttToken publish(String topic, MqttMessage message, Object userContext, MqttActionListener callback) {
            publishes.incrementAndGet();
            throw new NullPointerException("Cannot invoke \"CommsTokenStore.count()\" because \"this.tokenStore\" is null");
        }
    }

    @Test
    void aClientFailingInsidePublishIsAConnectionThatDiedAndGivesBackItsRoom() throws Exception {
        ClosingClient client = new ClosingClient();
        LinkSession session = new LinkSession(client, 1);
        session.window(1);
        for (int attempt = 1; attempt <= 3; attempt++) {
            MqttException e = assertThrows(MqttException.class,
                    () -> session.publish("smartbox/SB-1/events", new byte[] {1}, false, null, null, 1000));
            assertEquals(MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED, e.getReasonCode());
            assertSame(NullPointerException.class, e.getCause().getClass());
        }
        // One place in the window: had a failed publish kept it, the second would have waited and
        // failed for want of room without reaching the client.
        assertEquals(3, client.publishes.get());
        client.close(true);
    }
}
