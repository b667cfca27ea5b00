package dev.patchbay.audit.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

public class AuditWriterTest {

    private static final AuditWriter.Policy NO_ROTATION = new AuditWriter.Policy(0, false, 0, false);

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:15:30.123Z"));
    private final ObjectMapper mapper = new ObjectMapper();

    private Path file() {
        return folder.getRoot().toPath().resolve("log/patchbay-audit.json");
    }

    private static Map<String, Object> event(int i) {
        return AuditEvent.of("session.opened").endpoint("echo").session((long) i).remote("/127.0.0.1:" + (40000 + i))
                .detail("n", i).fields();
    }

    @Test
    public void linesAreJsonWithTimestampEventFieldsAndAChain() throws Exception {
        try (AuditWriter w = new AuditWriter(file(), NO_ROTATION, clock, null)) {
            w.write(event(1));
            clock.advance(Duration.ofMillis(5));
            w.write(event(2));
        }
        List<String> lines = Files.readAllLines(file(), UTF_8);
        assertEquals(2, lines.size());
        JsonNode first = mapper.readTree(lines.get(0));
        assertEquals("2026-11-22T10:15:30.123Z", first.get("ts").asText());
        assertEquals("session.opened", first.get("event").asText());
        assertEquals("echo", first.get("endpoint").asText());
        assertEquals(1, first.get("session").asLong());
        assertEquals("127.0.0.1:40001", first.get("remote").asText());
        assertEquals(HashChain.GENESIS, first.get("prev").asText());
        assertTrue(lines.get(0).startsWith("{\"ts\":\"2026-11-22T10:15:30.123Z\",\"event\":\"session.opened\","));
        JsonNode second = mapper.readTree(lines.get(1));
        assertEquals("2026-11-22T10:15:30.128Z", second.get("ts").asText());
        assertEquals(first.get("hash").asText(), second.get("prev").asText());
        assertTrue(ChainVerifier.verify(List.of(file())).ok());
        assertEquals(2, ChainVerifier.verify(List.of(file())).linesChecked());
    }

    /** The write returns only once the line is in the file: another reader sees it at once. */
    @Test
    public void aWriteReturnsOnlyOnceTheBytesAreInTheFile() throws Exception {
        try (AuditWriter w = new AuditWriter(file(), NO_ROTATION, clock, null)) {
            for (int i = 0; i < 200; i++) {
                String line = w.write(event(i));
                // A separate open of the file, as a log shipper or a crash recovery would do.
                byte[] bytes = Files.readAllBytes(file());
                String text = new String(bytes, UTF_8);
                assertTrue("line " + i + " is in the file when write returns", text.endsWith(line + "\n"));
            }
        }
    }

    @Test
    public void oneByteEditedNamesThatLine() throws Exception {
        try (AuditWriter w = new AuditWriter(file(), NO_ROTATION, clock, null)) {
            for (int i = 0; i < 10; i++) {
                w.write(event(i));
            }
        }
        List<String> lines = Files.readAllLines(file(), UTF_8);
        long offset = 0;
        for (int i = 0; i < 6; i++) {
            offset += lines.get(i).getBytes(UTF_8).length + 1;
        }
        // Line 7: change the session id 6 to 7.
        int at = lines.get(6).indexOf("\"session\":6") + "\"session\":".length();
        try (RandomAccessFile raf = new RandomAccessFile(file().toFile(), "rw")) {
            raf.seek(offset + at);
            raf.write('7');
        }
        ChainVerifier.Result result = ChainVerifier.verify(List.of(file()));
        assertFalse(result.ok());
        assertEquals(7, result.line());
        assertEquals(6, result.linesChecked());
        assertTrue(result.describe(), result.describe().contains("line 7"));
    }

    @Test
    public void aLineRemovedOrRehashedBreaksTheNextLinesPrev() throws Exception {
        try (AuditWriter w = new AuditWriter(file(), NO_ROTATION, clock, null)) {
            for (int i = 0; i < 5; i++) {
                w.write(event(i));
            }
        }
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(file(), UTF_8));
        lines.remove(2);
        Files.write(file(), lines, UTF_8);
        ChainVerifier.Result result = ChainVerifier.verify(List.of(file()));
        assertFalse(result.ok());
        assertEquals(3, result.line());
        assertTrue(result.reason(), result.reason().startsWith("prev does not match"));
    }

    @Test
    public void rotationBySizeContinuesTheChainAndKeepsRetention() throws Exception {
        AuditWriter.Policy tiny = new AuditWriter.Policy(600, false, 3, false);
        try (AuditWriter w = new AuditWriter(file(), tiny, clock, null)) {
            for (int i = 0; i < 40; i++) {
                clock.advance(Duration.ofMillis(1));
                w.write(event(i));
            }
        }
        AuditFiles files = new AuditFiles(file());
        List<Path> rotated = files.rotated();
        assertEquals("retention keeps 3 rotated files", 3, rotated.size());
        for (Path f : files.all()) {
            assertTrue(f + " within max.size", Files.size(f) <= 600);
        }
        ChainVerifier.Result all = ChainVerifier.verify(files.all());
        assertTrue(all.describe(), all.ok());
        // The current file's first line chains to the last line of the file rotated before it.
        List<String> previous = Files.readAllLines(rotated.get(rotated.size() - 1), UTF_8);
        String lastHashOfPrevious = HashChain.parse(previous.get(previous.size() - 1)).hash();
        assertEquals(lastHashOfPrevious, HashChain.parse(Files.readAllLines(file(), UTF_8).get(0)).prev());
    }

    @Test
    public void rotationByDayHappensAtTheFirstEventOfANewUtcDay() throws Exception {
        AuditWriter.Policy daily = new AuditWriter.Policy(0, true, 0, false);
        try (AuditWriter w = new AuditWriter(file(), daily, clock, null)) {
            w.write(event(1));
            clock.advance(Duration.ofHours(1));
            w.write(event(2));
            assertEquals(0, w.files().rotated().size());
            clock.advance(Duration.ofHours(14));
            w.write(event(3));
            assertEquals(1, w.files().rotated().size());
        }
        assertEquals(1, Files.readAllLines(file(), UTF_8).size());
        assertTrue(ChainVerifier.verify(new AuditFiles(file()).all()).ok());
    }

    @Test
    public void aRestartContinuesTheChainFromTheCurrentOrNewestRotatedFile() throws Exception {
        String last;
        try (AuditWriter w = new AuditWriter(file(), NO_ROTATION, clock, null)) {
            w.write(event(1));
            w.write(event(2));
            last = w.lastHash();
        }
        try (AuditWriter w = new AuditWriter(file(), NO_ROTATION, clock, null)) {
            assertEquals(last, w.lastHash());
            w.write(event(3));
            // Rotated, then restarted with an empty current file.
            w.rotate(clock.instant());
            last = w.lastHash();
        }
        try (AuditWriter w = new AuditWriter(file(), NO_ROTATION, clock, null)) {
            assertEquals("read back from the newest rotated file", last, w.lastHash());
            w.write(event(4));
            assertNull(w.recovery());
        }
        ChainVerifier.Result result = ChainVerifier.verify(new AuditFiles(file()).all());
        assertTrue(result.describe(), result.ok());
        assertEquals(4, result.linesChecked());
    }

    @Test
    public void aLineCutShortByACrashIsEndedAndNamedByVerify() throws Exception {
        String last;
        try (AuditWriter w = new AuditWriter(file(), NO_ROTATION, clock, null)) {
            w.write(event(1));
            last = w.lastHash();
        }
        Files.write(file(), "{\"ts\":\"2026-11-22T10:15:30.123Z\",\"ev".getBytes(UTF_8),
                java.nio.file.StandardOpenOption.APPEND);
        try (AuditWriter w = new AuditWriter(file(), NO_ROTATION, clock, null)) {
            assertEquals(last, w.lastHash());
            assertNotNull(w.recovery());
            w.write(event(2));
        }
        List<String> lines = Files.readAllLines(file(), UTF_8);
        assertEquals(3, lines.size());
        ChainVerifier.Result result = ChainVerifier.verify(List.of(file()));
        assertEquals(2, result.line());
    }

    @Test
    public void aFailedWriteLeavesFileAndChainAsTheyWere() throws Exception {
        AuditWriter w = new AuditWriter(file(), NO_ROTATION, clock, null);
        w.write(event(1));
        String last = w.lastHash();
        w.close();
        try {
            w.write(event(2));
            org.junit.Assert.fail("a closed writer writes nothing");
        } catch (IOException expected) {
            assertEquals(last, w.lastHash());
        }
        assertEquals(1, Files.readAllLines(file(), UTF_8).size());
    }

    @Test
    public void aBatchIsSealedInOrderAndWrittenAcrossARotation() throws Exception {
        AuditWriter.Policy tiny = new AuditWriter.Policy(1000, false, 0, false);
        List<PendingLine> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Map<String, Object> fields = event(i);
            batch.add(PendingLine.line("session.opened", clock.instant(), AuditLines.open(clock.instant(), fields),
                    "echo", "127.0.0.1", null));
        }
        List<AuditWriter.Rotation> rotations = new java.util.ArrayList<>();
        try (AuditWriter w = new AuditWriter(file(), tiny, clock, null)) {
            w.onRotation(rotations::add);
            assertEquals(20, w.append(batch).size());
        }
        AuditFiles files = new AuditFiles(file());
        assertFalse(rotations.isEmpty());
        assertEquals(rotations.size(), files.rotated().size());
        List<String> last = Files.readAllLines(rotations.get(0).file(), UTF_8);
        assertEquals(rotations.get(0).lastHash(), HashChain.parse(last.get(last.size() - 1)).hash());
        ChainVerifier.Result all = ChainVerifier.verify(files.all());
        assertTrue(all.describe(), all.ok());
        assertEquals(20, all.linesChecked());
        assertEquals(files.all().size(), all.files().size());
        assertEquals("2026-11-22T10:15:30.123Z", all.files().get(0).firstTs());
    }

    @Test
    public void operationsFilesAreKeptByAgeNotByCount() throws Exception {
        AuditWriter.Policy byAge = new AuditWriter.Policy(0, true, 0, 2, false);
        try (AuditWriter w = new AuditWriter(file(), byAge, clock, null)) {
            for (int day = 0; day < 5; day++) {
                w.write(event(day));
                clock.advance(Duration.ofDays(1));
            }
            w.write(event(5));
        }
        AuditFiles files = new AuditFiles(file());
        // Rotated at the start of days 1..5; those rotated more than 2 days before "now" are gone.
        assertEquals("rotated 5 times, 2 too long ago: " + files.rotated(), 3, files.rotated().size());
        for (Path f : files.rotated()) {
            assertFalse(files.rotatedAt(f).isBefore(clock.instant().minus(Duration.ofDays(2))));
        }
    }

    @Test
    public void manyRotationsInOneMillisecondWithRetentionKeepTheFilesInChainOrder() throws Exception {
        AuditWriter.Policy tiny = new AuditWriter.Policy(300, false, 2, false);
        List<PendingLine> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            batch.add(PendingLine.line("session.opened", clock.instant(), AuditLines.open(clock.instant(), event(i)),
                    "echo", "127.0.0.1", null));
        }
        try (AuditWriter w = new AuditWriter(file(), tiny, clock, null)) {
            w.append(batch);
        }
        AuditFiles files = new AuditFiles(file());
        assertEquals(2, files.rotated().size());
        ChainVerifier.Result all = ChainVerifier.verify(files.all());
        assertTrue(all.describe(), all.ok());
    }
}
