package io.sluice.cli;

import java.io.IOException;

/**
 * The terminal {@code sluice top} draws on: whether there is one, its size, and reading single keys. Injected, so
 * tests run {@code top} as if its output went to a pipe.
 */
interface Terminal {

    /** A terminal's size in character cells. */
    record Size(int rows, int columns) {
    }

    /** Restores the terminal's settings from before {@link #keysMode()}. */
    interface Restore extends AutoCloseable {
        @Override
        void close();
    }

    /** Whether stdin and stdout are both a terminal, so a live view can run and read keys. */
    boolean interactive();

    /** The terminal's size now, or {@code null} when unknown. */
    Size size();

    /** Key presses arrive one at a time without echo (non-canonical mode); Ctrl-C still interrupts. */
    Restore keysMode() throws IOException;

    /** Blocks for the next key; -1 at end of input. */
    int readKey() throws IOException;

    /** No terminal: output goes to a file or a pipe. */
    static Terminal none() {
        return new Terminal() {
            @Override
            public boolean interactive() {
                return false;
            }

            @Override
            public Size size() {
                return null;
            }

            @Override
            public Restore keysMode() {
                return () -> { };
            }

            @Override
            public int readKey() {
                return -1;
            }
        };
    }
}
