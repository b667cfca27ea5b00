package dev.patchbay.transport.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

public class NamedServicesTest {

    /** A service reference whose properties are a map the test can change, as a property update would. */
    private static final class FakeRef implements ServiceReference<Object> {
        final Map<String, Object> props = new HashMap<>();

        FakeRef(long serviceId, Object ranking) {
            props.put(Constants.SERVICE_ID, serviceId);
            if (ranking != null) {
                props.put(Constants.SERVICE_RANKING, ranking);
            }
        }

        @Override
        public Object getProperty(String key) {
            return props.get(key);
        }

        @Override
        public String[] getPropertyKeys() {
            return props.keySet().toArray(new String[0]);
        }

        @Override
        public Bundle getBundle() {
            return null;
        }

        @Override
        public Bundle[] getUsingBundles() {
            return null;
        }

        @Override
        public boolean isAssignableTo(Bundle bundle, String className) {
            return true;
        }

        @Override
        public int compareTo(Object other) {
            throw new UnsupportedOperationException("NamedServices orders by its own rules");
        }

        @Override
        public Dictionary<String, Object> getProperties() {
            return new Hashtable<>(props);
        }

        @Override
        public <A> A adapt(Class<A> type) {
            return null;
        }
    }

    private final NamedServices<String> services = new NamedServices<>();

    @Test
    public void findsAServiceByName() {
        services.put(new FakeRef(1, null), "line", "line-1");
        services.put(new FakeRef(2, null), "json", "json-2");
        assertEquals("line-1", services.get("line"));
        assertEquals("json-2", services.get("json"));
        assertNull(services.get("xml"));
        assertEquals(List.of("json", "line"), services.names());
    }

    @Test
    public void highestRankingWinsWhateverTheOrder() {
        services.put(new FakeRef(1, 5), "line", "ranked-5");
        services.put(new FakeRef(2, 10), "line", "ranked-10");
        services.put(new FakeRef(3, -3), "line", "ranked-minus-3");
        assertEquals("ranked-10", services.get("line"));

        NamedServices<String> reversed = new NamedServices<>();
        reversed.put(new FakeRef(3, -3), "line", "ranked-minus-3");
        reversed.put(new FakeRef(2, 10), "line", "ranked-10");
        reversed.put(new FakeRef(1, 5), "line", "ranked-5");
        assertEquals("ranked-10", reversed.get("line"));
    }

    @Test
    public void equalRankingLowestServiceIdWins() {
        services.put(new FakeRef(7, 1), "line", "id-7");
        services.put(new FakeRef(4, 1), "line", "id-4");
        services.put(new FakeRef(9, 1), "line", "id-9");
        assertEquals("id-4", services.get("line"));
    }

    @Test
    public void aMissingOrNonIntegerRankingCountsAsZero() {
        services.put(new FakeRef(1, "100"), "line", "string-ranking");
        services.put(new FakeRef(2, 1), "line", "ranked-1");
        assertEquals("ranked-1", services.get("line"));

        services.put(new FakeRef(3, null), "json", "no-ranking");
        services.put(new FakeRef(4, -1), "json", "ranked-minus-1");
        assertEquals("no-ranking", services.get("json"));
    }

    @Test
    public void removingTheWinnerFallsBack() {
        FakeRef best = new FakeRef(1, 10);
        FakeRef second = new FakeRef(2, 5);
        FakeRef third = new FakeRef(3, 5);
        services.put(best, "line", "best");
        services.put(second, "line", "second");
        services.put(third, "line", "third");
        assertTrue(services.remove(best));
        assertEquals("second", services.get("line"));
        assertTrue(services.remove(second));
        assertEquals("third", services.get("line"));
        assertTrue(services.remove(third));
        assertNull(services.get("line"));
        assertEquals(List.of(), services.names());
        assertFalse(services.remove(third));
    }

    @Test
    public void removingALoserKeepsTheWinner() {
        FakeRef best = new FakeRef(1, 10);
        FakeRef loser = new FakeRef(2, 0);
        services.put(best, "line", "best");
        services.put(loser, "line", "loser");
        assertTrue(services.remove(loser));
        assertEquals("best", services.get("line"));
    }

    @Test
    public void aChangedRankingTakesEffectWhenPutAgain() {
        FakeRef a = new FakeRef(1, 10);
        FakeRef b = new FakeRef(2, 5);
        services.put(a, "line", "a");
        services.put(b, "line", "b");
        assertEquals("a", services.get("line"));
        b.props.put(Constants.SERVICE_RANKING, 20);
        services.put(b, "line", "b");
        assertEquals("b", services.get("line"));
        b.props.put(Constants.SERVICE_RANKING, 0);
        services.put(b, "line", "b");
        assertEquals("a", services.get("line"));
    }

    @Test
    public void aChangedNameTakesEffectWhenPutAgain() {
        FakeRef a = new FakeRef(1, 10);
        FakeRef b = new FakeRef(2, 5);
        services.put(a, "line", "a");
        services.put(b, "line", "b");
        services.put(a, "json", "a"); // the same service, renamed
        assertEquals("b", services.get("line"));
        assertEquals("a", services.get("json"));
        assertEquals(List.of("json", "line"), services.names());
        services.put(b, "xml", "b");
        assertNull(services.get("line"));
        assertEquals(List.of("json", "xml"), services.names());
    }

    @Test
    public void theLowestPossibleRankingLoses() {
        services.put(new FakeRef(1, Integer.MIN_VALUE), "line", "lowest");
        services.put(new FakeRef(2, 0), "line", "ranked-0");
        assertEquals("ranked-0", services.get("line"));
    }
}
