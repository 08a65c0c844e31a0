<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('acknowledged'); section>
<!-- template: totp-mfa-recovery-codes.ftl -->
    <#if section = "header">
        ${msg("totpMfaRecoveryCodesTitle")}
    <#elseif section = "form">
        <style>
            #totp-mfa-recovery-codes { columns: 2; font-family: var(--pf-v5-global--FontFamily--monospace, monospace);
                                       font-size: 1.125rem; list-style: none; padding: 0; }
            #totp-mfa-recovery-codes li { padding: 0.25rem 0; }
            @media print {
                body * { visibility: hidden; }
                #totp-mfa-recovery-print-area, #totp-mfa-recovery-print-area * { visibility: visible; }
                #totp-mfa-recovery-print-area { position: absolute; top: 0; left: 0; }
            }
        </style>
        <#if totpMfaRecoveryCodes.remainingBefore??>
            <div id="totp-mfa-recovery-low" class="${properties.kcAlertClass!} pf-m-warning" role="status">
                <p class="${properties.kcAlertTitleClass!}">${totpMfaRecoveryCodes.remainingBeforeText}</p>
            </div>
        </#if>
        <p>${msg("totpMfaRecoveryCodesIntro")}</p>
        <div id="totp-mfa-recovery-print-area">
            <ol id="totp-mfa-recovery-codes" aria-label="${msg("totpMfaRecoveryCodesListLabel")}">
                <#list totpMfaRecoveryCodes.codes as code>
                    <li class="totp-mfa-recovery-code">${code}</li>
                </#list>
            </ol>
        </div>
        <p class="pf-v5-u-display-flex pf-v5-u-flex-wrap pf-v5-u-mb-lg" style="gap: 0.5rem">
            <a id="totp-mfa-recovery-download" class="${properties.kcButtonSecondaryClass!}"
               href="${totpMfaRecoveryCodes.downloadHref}" download="${totpMfaRecoveryCodes.fileName}">${msg("totpMfaRecoveryCodesDownload")}</a>
            <button type="button" id="totp-mfa-recovery-copy" class="${properties.kcButtonSecondaryClass!}"
                    data-copied-label="${msg("totpMfaRecoveryCodesCopied")}" hidden>${msg("totpMfaRecoveryCodesCopy")}</button>
            <button type="button" id="totp-mfa-recovery-print" class="${properties.kcButtonSecondaryClass!}"
                    hidden>${msg("totpMfaRecoveryCodesPrint")}</button>
            <span id="totp-mfa-recovery-copy-status" class="pf-v5-u-screen-reader" aria-live="polite"></span>
        </p>

        <form id="totp-mfa-recovery-codes-form" class="${properties.kcFormClass!}" action="${url.loginAction}"
              method="post">
            <div class="${properties.kcFormGroupClass!}">
                <#-- No required=true: keycloak.v2's checkbox macro would put its asterisk on a line of its own. -->
                <@field.checkbox name="acknowledged" label=msg("totpMfaRecoveryCodesAcknowledge") />
                <#if messagesPerField.existsError('acknowledged')>
                    <div class="${properties.kcFormHelperTextClass!}" aria-live="polite">
                        <div class="${properties.kcInputHelperTextClass!}">
                            <div class="${properties.kcInputHelperTextItemClass!} ${properties.kcError!}" id="input-error-acknowledged">
                                <span class="${properties.kcInputErrorMessageClass!}">${kcSanitize(messagesPerField.get('acknowledged'))?no_esc}</span>
                            </div>
                        </div>
                    </div>
                </#if>
            </div>
            <@buttons.actionGroup>
                <@buttons.button id="totp-mfa-recovery-codes-submit" name="submitAction" label="totpMfaRecoveryCodesSubmit" />
                <#if isAppInitiatedAction??>
                    <@buttons.button id="totp-mfa-recovery-codes-cancel" name="cancel-aia" value="true" label="doCancel"
                                     type="secondary" />
                </#if>
            </@buttons.actionGroup>
        </form>
        <script>
            <#outputformat "JavaScript">
            (function () {
                var codes = Array.prototype.map.call(document.querySelectorAll(".totp-mfa-recovery-code"),
                    function (item) { return item.textContent.trim(); });
                var copy = document.getElementById("totp-mfa-recovery-copy");
                var print = document.getElementById("totp-mfa-recovery-print");
                var status = document.getElementById("totp-mfa-recovery-copy-status");
                if (navigator.clipboard) {
                    copy.hidden = false;
                    copy.addEventListener("click", function () {
                        navigator.clipboard.writeText(codes.join("\n")).then(function () {
                            status.textContent = copy.getAttribute("data-copied-label");
                        });
                    });
                }
                if (window.print) {
                    print.hidden = false;
                    print.addEventListener("click", function () { window.print(); });
                }
            })();
            </#outputformat>
        </script>
    </#if>
</@layout.registrationLayout>
