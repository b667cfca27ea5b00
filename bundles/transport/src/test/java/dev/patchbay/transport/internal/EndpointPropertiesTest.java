package dev.patchbay.transport.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.Test;

/** What a handler reads with {@code Session.endpointSetting}. */
public class EndpointPropertiesTest {

    @Test
    public void everyKeyAsAStringBlankOnesAbsent() {
        EndpointProperties p = EndpointProperties.of(Map.of(
                "port", 6380, "requirepass", "s3cret", "maxmemory", "", "filters", new String[] {"a", "b?"},
                "list", List.of(1, 2)));

        assertEquals(Optional.of("6380"), p.get("port"));
        assertEquals(Optional.of("s3cret"), p.get("requirepass"));
        assertEquals(Optional.empty(), p.get("maxmemory"));
        assertEquals(Optional.of("a,b?"), p.get("filters"));
        assertEquals(Optional.of("1,2"), p.get("list"));
        assertEquals(Optional.empty(), p.get("absent"));
    }

    @Test
    public void toStringShowsNoValue() {
        String s = EndpointProperties.of(Map.of("requirepass", "s3cret")).toString();

        assertFalse(s, s.contains("s3cret"));
    }
}
