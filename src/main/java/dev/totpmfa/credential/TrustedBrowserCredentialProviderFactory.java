package dev.totpmfa.credential;

/** The factory of trusted browsers; the sealing keys are the {@code totp-mfa} provider's. */
public final class TrustedBrowserCredentialProviderFactory
        extends
            VaultSharingProviderFactory<TrustedBrowserCredentialProvider> {

    public TrustedBrowserCredentialProviderFactory() {
        super(TrustedBrowserCredentialModel.TYPE, TrustedBrowserCredentialProvider::new);
    }
}
