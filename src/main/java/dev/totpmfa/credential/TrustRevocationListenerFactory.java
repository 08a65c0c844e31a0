package dev.totpmfa.credential;

import dev.totpmfa.config.GlobalListenerFactory;
import dev.totpmfa.names.ProviderIds;

/** A global listener: revocation works in every realm, whatever its event settings say. */
public final class TrustRevocationListenerFactory extends GlobalListenerFactory {

    public TrustRevocationListenerFactory() {
        super(ProviderIds.TRUST_REVOCATION_LISTENER, TrustRevocationListener::new);
    }
}
