package dev.totpmfa.crypto;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys an installation may decrypt with. The last one is the newest and is the only one that seals,
 * so a rotation is "append a key, restart, later drop the old one once everything has been re-sealed".
 */
public final class KeyRing {

    /**
     * Ids of keys the extension derives or generates per realm (the development fallback) start with this; a
     * configured key with such an id could be mistaken for one of them, so it is refused.
     */
    public static final String RESERVED_ID_PREFIX = "realm-";

    private static final KeyRing EMPTY = new KeyRing(Map.of(), null);

    private final Map<String, SealingKey> keysById;
    private final SealingKey newest;

    private KeyRing(Map<String, SealingKey> keysById, SealingKey newest) {
        this.keysById = keysById;
        this.newest = newest;
    }

    public static KeyRing empty() {
        return EMPTY;
    }

    /** @throws IllegalArgumentException when two keys share an id or an id uses {@link #RESERVED_ID_PREFIX} */
    public static KeyRing of(List<SealingKey> oldestFirst) {
        if (oldestFirst.isEmpty()) {
            return EMPTY;
        }
        Map<String, SealingKey> byId = new LinkedHashMap<>();
        for (SealingKey key : oldestFirst) {
            if (key.id().startsWith(RESERVED_ID_PREFIX)) {
                throw new IllegalArgumentException("Sealing key id '" + key.id() + "' starts with '"
                        + RESERVED_ID_PREFIX + "', which is reserved for the keys the extension keeps per realm; "
                        + "give the configured key another id");
            }
            if (byId.putIfAbsent(key.id(), key) != null) {
                throw new IllegalArgumentException("Sealing key id '" + key.id() + "' is configured twice");
            }
        }
        return new KeyRing(Map.copyOf(byId), oldestFirst.get(oldestFirst.size() - 1));
    }

    public boolean isEmpty() {
        return newest == null;
    }

    /** The key that seals; empty only for an empty ring. */
    public Optional<SealingKey> newest() {
        return Optional.ofNullable(newest);
    }

    public Optional<SealingKey> find(String keyId) {
        return Optional.ofNullable(keysById.get(keyId));
    }

    public int size() {
        return keysById.size();
    }
}
