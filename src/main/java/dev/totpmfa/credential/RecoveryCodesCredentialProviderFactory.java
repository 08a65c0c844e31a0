package dev.totpmfa.credential;

/** The factory of recovery-code sets; the sealing keys are the {@code totp-mfa} provider's. */
public final class RecoveryCodesCredentialProviderFactory
        extends
            VaultSharingProviderFactory<RecoveryCodesCredentialProvider> {

    public RecoveryCodesCredentialProviderFactory() {
        super(RecoveryCodesCredentialModel.TYPE, RecoveryCodesCredentialProvider::new);
    }
}
