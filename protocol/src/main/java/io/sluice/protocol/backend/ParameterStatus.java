package io.sluice.protocol.backend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sluice.protocol.BackendTag;
import io.sluice.protocol.frame.FrameWriter;
import io.sluice.protocol.frame.Frames;

import java.util.Objects;

/**
 * ParameterStatus ('S'): the server reports a GUC's value (at startup, and whenever a reported one changes).
 *
 * @param name the GUC name, e.g. {@code client_encoding}
 * @param value its current value
 */
public record ParameterStatus(String name, String value) {

    /** Checks for nulls. */
    public ParameterStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    /** Reads a ParameterStatus frame. */
    public static ParameterStatus read(ByteBuf frame) {
        ByteBuf body = Frames.body(frame, BackendTag.PARAMETER_STATUS, "ParameterStatus");
        String name = Frames.readCString(body);
        String value = Frames.readCString(body);
        Frames.requireEnd(body, "ParameterStatus");
        return new ParameterStatus(name, value);
    }

    /** Writes the frame. */
    public ByteBuf write(ByteBufAllocator alloc) {
        return writeTo(alloc.buffer());
    }

    /** Appends this ParameterStatus to {@code out} (several messages in one buffer); returns {@code out}. */
    public ByteBuf writeTo(ByteBuf out) {
        int at = FrameWriter.begin(out, BackendTag.PARAMETER_STATUS);
        Frames.writeCString(out, name);
        Frames.writeCString(out, value);
        FrameWriter.end(out, at);
        return out;
    }
}
