package dev.totpmfa.lockout;

import dev.totpmfa.config.GlobalListenerFactory;
import dev.totpmfa.names.ProviderIds;

/** A global listener: the admin's unlock clears our lockout in every realm, with no event settings to change. */
public final class LockoutUnlockListenerFactory extends GlobalListenerFactory {

    public LockoutUnlockListenerFactory() {
        super(ProviderIds.UNLOCK_LISTENER, LockoutUnlockListener::new);
    }
}
