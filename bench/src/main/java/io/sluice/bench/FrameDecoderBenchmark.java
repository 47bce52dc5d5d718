package io.sluice.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.sluice.protocol.frame.PgFrameDecoder;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of {@link PgFrameDecoder} cutting a typical query response out of the server's byte stream.
 *
 * <p>One operation is one whole response: {@code RowDescription} (4 columns), 100 {@code DataRow}s of
 * exactly 100 bytes each, {@code CommandComplete} and {@code ReadyForQuery} (103 frames, about 10.2 KB),
 * built once in {@link #setUp()} in a pooled direct buffer, as a socket read would deliver it.
 *
 * <ul>
 *   <li>{@link #wholeStream} hands the decoder the response in one read, so every frame is complete.</li>
 *   <li>{@link #mssSegments} hands it the same bytes in 1460-byte reads (one TCP MSS on Ethernet), so most
 *       reads end inside a frame and the decoder has to accumulate the rest.</li>
 * </ul>
 *
 * <p>Each read is a retained duplicate of the prebuilt bytes (no copy on the way in); every emitted frame is
 * read back from the channel and released, and {@link #tearDown()} fails if any reference was left behind.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {FastThreadLocalExecutor.EXECUTOR, FastThreadLocalExecutor.EXECUTOR_CLASS,
        FastThreadLocalExecutor.LEAK_DETECTION_OFF})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
public class FrameDecoderBenchmark {

    /** The segment size of {@link #mssSegments}: a TCP MSS on a 1500-byte MTU. */
    static final int SEGMENT_SIZE = 1460;

    static final int ROWS = 100;

    /** The frames of one response: RowDescription, the rows, CommandComplete, ReadyForQuery. */
    static final int FRAMES_PER_RESPONSE = ROWS + 3;

    private ByteBuf stream;
    private ByteBuf[] segments;
    private EmbeddedChannel channel;

    @Setup(Level.Trial)
    public void setUp() {
        stream = buildResponse(PooledByteBufAllocator.DEFAULT.directBuffer());
        int count = (stream.readableBytes() + SEGMENT_SIZE - 1) / SEGMENT_SIZE;
        segments = new ByteBuf[count];
        for (int i = 0; i < count; i++) {
            int start = i * SEGMENT_SIZE;
            segments[i] = stream.slice(start, Math.min(SEGMENT_SIZE, stream.readableBytes() - start));
        }
        channel = new EmbeddedChannel(new PgFrameDecoder(256 << 20, "Dd", 64 * 1024));
        // Sanity check, so that a broken stream cannot make a fast benchmark.
        int frames = wholeStream(null) + mssSegments(null);
        if (frames != 2 * FRAMES_PER_RESPONSE) {
            throw new IllegalStateException("decoded " + frames + " frames, expected " + 2 * FRAMES_PER_RESPONSE);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        boolean leftovers = channel.finishAndReleaseAll();
        int refCnt = stream.refCnt();
        stream.release(refCnt);
        if (leftovers || refCnt != 1) {
            throw new IllegalStateException("leak: leftovers=" + leftovers + ", stream refCnt=" + refCnt);
        }
    }

    /** The whole response arrives in one read. */
    @Benchmark
    public int wholeStream(Blackhole bh) {
        channel.writeInbound(stream.retainedDuplicate());
        return drain(bh);
    }

    /** The response arrives in 1460-byte reads; the frames of each read are drained before the next. */
    @Benchmark
    public int mssSegments(Blackhole bh) {
        int frames = 0;
        for (ByteBuf segment : segments) {
            channel.writeInbound(segment.retainedDuplicate());
            frames += drain(bh);
        }
        return frames;
    }

    private int drain(Blackhole bh) {
        int frames = 0;
        for (Object frame; (frame = channel.readInbound()) != null; ) {
            if (bh != null) {
                bh.consume(frame);
            }
            ReferenceCountUtil.release(frame);
            frames++;
        }
        return frames;
    }

    /** Writes one response to {@code buf} and returns it. */
    static ByteBuf buildResponse(ByteBuf buf) {
        String[] columns = {"id", "name", "email", "created_at"};
        int[] typeOids = {23, 25, 25, 1114}; // int4, text, text, timestamp
        int[] typeLens = {4, -1, -1, 8};

        // RowDescription
        int start = beginMessage(buf, 'T');
        buf.writeShort(columns.length);
        for (int i = 0; i < columns.length; i++) {
            writeCString(buf, columns[i]);
            buf.writeInt(16_384);       // table OID
            buf.writeShort(i + 1);      // column attribute number
            buf.writeInt(typeOids[i]);
            buf.writeShort(typeLens[i]);
            buf.writeInt(-1);           // type modifier
            buf.writeShort(0);          // text format
        }
        endMessage(buf, start);

        // DataRows: 5 (header) + 2 (count) + 4 * 4 (lengths) + 6 + 24 + 24 + 23 = 100 bytes each.
        for (int row = 0; row < ROWS; row++) {
            start = beginMessage(buf, 'D');
            buf.writeShort(columns.length);
            writeColumn(buf, String.format("%06d", row + 1));
            writeColumn(buf, String.format("customer name #%09d", row));
            writeColumn(buf, String.format("user%06d@example.co.uk", row));
            writeColumn(buf, String.format("2024-05-%02d 12:34:56.789", 1 + row % 28));
            endMessage(buf, start);
            if (buf.writerIndex() - start != 100) {
                throw new IllegalStateException("DataRow of " + (buf.writerIndex() - start) + " bytes");
            }
        }

        // CommandComplete
        start = beginMessage(buf, 'C');
        writeCString(buf, "SELECT " + ROWS);
        endMessage(buf, start);

        // ReadyForQuery, idle
        start = beginMessage(buf, 'Z');
        buf.writeByte('I');
        endMessage(buf, start);
        return buf;
    }

    private static int beginMessage(ByteBuf buf, char tag) {
        int start = buf.writerIndex();
        buf.writeByte(tag);
        buf.writeInt(0); // length, patched by endMessage
        return start;
    }

    private static void endMessage(ByteBuf buf, int start) {
        buf.setInt(start + 1, buf.writerIndex() - start - 1);
    }

    private static void writeCString(ByteBuf buf, String s) {
        buf.writeCharSequence(s, StandardCharsets.UTF_8);
        buf.writeByte(0);
    }

    private static void writeColumn(ByteBuf buf, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        buf.writeInt(bytes.length);
        buf.writeBytes(bytes);
    }
}
