package io.certgate.fuzz;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands out unpooled buffers and remembers each, so that a run can check, once every channel is
 * closed and drained, that every buffer was released: a leak found deterministically in the run
 * that made it, rather than by a garbage collection some runs later.
 */
final class TrackingAllocator extends AbstractByteBufAllocator {

    private final UnpooledByteBufAllocator unpooled = new UnpooledByteBufAllocator(false);
    private final List<ByteBuf> handedOut = new ArrayList<>();

    TrackingAllocator() {
        super(false);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return track(unpooled.heapBuffer(initialCapacity, maxCapacity));
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return track(unpooled.directBuffer(initialCapacity, maxCapacity));
    }

    @Override
    public CompositeByteBuf compositeHeapBuffer(int maxNumComponents) {
        return track(super.compositeHeapBuffer(maxNumComponents));
    }

    @Override
    public CompositeByteBuf compositeDirectBuffer(int maxNumComponents) {
        return track(super.compositeDirectBuffer(maxNumComponents));
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    private <T extends ByteBuf> T track(T buffer) {
        handedOut.add(buffer);
        return buffer;
    }

    /** The buffers not released yet, each with what it holds. */
    List<String> unreleased() {
        List<String> leaks = new ArrayList<>();
        for (ByteBuf buffer : handedOut) {
            if (buffer.refCnt() > 0) {
                byte[] bytes = new byte[Math.min(buffer.readableBytes(), 200)];
                buffer.getBytes(buffer.readerIndex(), bytes);
                leaks.add("refCnt " + buffer.refCnt() + ": " + Printable.of(bytes));
            }
        }
        return leaks;
    }
}
