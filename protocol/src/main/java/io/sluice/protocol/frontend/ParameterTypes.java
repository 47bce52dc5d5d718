package io.sluice.protocol.frontend;

import java.util.Arrays;

/**
 * The parameter type OIDs of a Parse (0 = unspecified), as a value: equal arrays make equal instances, so it
 * can be part of a statement cache key. A record with an {@code int[]} would compare array identity.
 */
public final class ParameterTypes {

    /** No parameter types given. */
    public static final ParameterTypes NONE = new ParameterTypes(new int[0]);

    private final int[] oids;
    private final int hash;

    private ParameterTypes(int[] oids) {
        this.oids = oids;
        this.hash = Arrays.hashCode(oids);
    }

    /** Returns the value of these OIDs (copied). */
    public static ParameterTypes of(int... oids) {
        return oids.length == 0 ? NONE : new ParameterTypes(oids.clone());
    }

    /** Returns the number of types. */
    public int size() {
        return oids.length;
    }

    /** Returns the OID at {@code index}. */
    public int get(int index) {
        return oids[index];
    }

    /** Returns a copy of the OIDs. */
    public int[] toArray() {
        return oids.clone();
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof ParameterTypes && Arrays.equals(oids, ((ParameterTypes) o).oids);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "ParameterTypes" + Arrays.toString(oids);
    }
}
