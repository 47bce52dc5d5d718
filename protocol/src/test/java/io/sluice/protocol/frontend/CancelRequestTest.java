package io.sluice.protocol.frontend;

import static io.sluice.protocol.Wire.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.sluice.protocol.ProtocolException;
import io.sluice.protocol.Wire;
import org.junit.jupiter.api.Test;

class CancelRequestTest {

    @Test
    void roundTripsExactBytes() {
        CancelRequest request = new CancelRequest(12345, 0x0badf00d);
        ByteBuf written = request.write(Wire.ALLOC);
        assertArrayEquals(hex("00000010 04d2162e 00003039 0badf00d"), bytesOf(written));
        Wire.eachStartupPacket(written, packet -> {
            assertEquals(StartupMessage.CANCEL_REQUEST_CODE, StartupMessage.code(packet));
            assertEquals(request, CancelRequest.read(packet));
        });
        assertFalse(request.toString().contains(String.valueOf(0x0badf00d)));
    }

    @Test
    void refusesWrongLengthOrCode() {
        for (String bad : new String[] {"00000010 04d2162f 00003039 0badf00d", "00000014 04d2162e 00003039 0badf00d 00000000"}) {
            ByteBuf buf = Wire.buf(hex(bad));
            try {
                assertThrows(ProtocolException.class, () -> CancelRequest.read(buf));
            } finally {
                buf.release();
            }
        }
    }

    /** Reads the bytes without consuming or releasing. */
    private static byte[] bytesOf(ByteBuf buf) {
        return ByteBufUtil.getBytes(buf);
    }
}
