<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('totp','userLabel'); section>
<!-- template: totp-mfa-setup.ftl -->
    <#if section = "header">
        ${msg("totpMfaSetupTitle")}
    <#elseif section = "form">
        <ol id="totp-mfa-setup-steps" class="pf-v5-c-list pf-v5-u-mb-md">
            <li>
                <p>${msg("totpMfaSetupStepInstall")}</p>
            </li>
            <li>
                <p id="totp-mfa-scan-help">${msg("totpMfaSetupStepScan")}</p>
                <p>
                    <img id="totp-mfa-qr" src="${totpMfaSetup.qrDataUri}" width="232" height="232"
                         alt="${msg("totpMfaSetupQrAlt", totpMfaSetup.issuer, totpMfaSetup.account)}"
                         aria-describedby="totp-mfa-scan-help">
                </p>
                <p>
                    <a id="totp-mfa-otpauth" href="${totpMfaSetup.otpauthUri}">${msg("totpMfaSetupOpenApp")}</a>
                </p>
                <p>${msg("totpMfaSetupManual")}</p>
                <p>
                    <#-- A visually hidden label, not aria-label: screen readers must read the key itself. -->
                    <span class="pf-v5-u-screen-reader">${msg("totpMfaSetupSecretLabel")}: </span>
                    <code id="totp-mfa-secret" class="pf-v5-u-font-family-monospace pf-v5-u-font-size-lg">${totpMfaSetup.secretGrouped}</code>
                    <button type="button" id="totp-mfa-copy-secret" class="${properties.kcButtonLinkClass!}"
                            data-copied-label="${msg("totpMfaSetupCopied")}" hidden>${msg("totpMfaSetupCopy")}</button>
                    <span id="totp-mfa-copy-status" class="pf-v5-u-screen-reader" aria-live="polite"></span>
                </p>
                <ul id="totp-mfa-parameters" class="pf-v5-c-list pf-m-plain">
                    <li>${msg("totpMfaSetupAlgorithm")}: ${totpMfaSetup.algorithm}</li>
                    <li>${msg("totpMfaSetupDigits")}: ${totpMfaSetup.digits}</li>
                    <li>${msg("totpMfaSetupPeriod")}: ${msg("totpMfaSetupPeriodSeconds", totpMfaSetup.period)}</li>
                </ul>
            </li>
            <li>
                <p>${msg("totpMfaSetupStepCode")}</p>
            </li>
        </ol>

        <form id="totp-mfa-setup-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post"
              novalidate="novalidate">
            <#-- No autofocus: it scrolls the page down to the field and hides the title, steps and QR code. -->
            <@field.input name="totp" label=msg("totpMfaSetupCodeLabel") autocomplete="one-time-code" required=true />
            <@field.input name="userLabel" label=msg("totpMfaSetupDeviceLabel") value=totpMfaSetup.userLabel />

            <@buttons.actionGroup>
                <@buttons.button id="totp-mfa-setup-submit" name="submitAction" label="totpMfaSetupSubmit" />
                <#if isAppInitiatedAction??>
                    <@buttons.button id="totp-mfa-setup-cancel" name="cancel-aia" label="doCancel" type="secondary"
                                     value="true" formnovalidate="formnovalidate" />
                </#if>
            </@buttons.actionGroup>
        </form>
        <#if totpMfaSetupLater??>
            <#-- Its own form: postponing sends no code or device name, and needs neither field filled in. -->
            <form id="totp-mfa-setup-later-form" class="${properties.kcFormClass!}" action="${url.loginAction}"
                  method="post">
                <p id="totp-mfa-setup-later-help" class="pf-v5-u-mt-lg">
                    <#if totpMfaSetupLater.left?? && totpMfaSetupLater.until??>
                        ${msg("totpMfaSetupLaterLeftUntil", totpMfaSetupLater.left, totpMfaSetupLater.until)}
                    <#elseif totpMfaSetupLater.left??>
                        ${msg("totpMfaSetupLaterLeft", totpMfaSetupLater.left)}
                    <#else>
                        ${msg("totpMfaSetupLaterUntil", totpMfaSetupLater.until)}
                    </#if>
                </p>
                <@buttons.actionGroup>
                    <button type="submit" id="totp-mfa-setup-later" name="later" value="true"
                            class="${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}"
                            aria-describedby="totp-mfa-setup-later-help">${msg("totpMfaSetupLater")}</button>
                </@buttons.actionGroup>
            </form>
        </#if>
        <script>
            <#outputformat "JavaScript">
            // The page opens at its top on every screen, yet keyboard and screen-reader users start in the field they
            // type in (after an error: the first field in error). Without JavaScript nothing is focused or scrolled.
            (function () {
                var form = document.getElementById("totp-mfa-setup-form");
                var field = form && (form.querySelector("[aria-invalid='true']") || form.querySelector("[name='totp']"));
                if (field) {
                    field.focus({preventScroll: true});
                }
            })();
            </#outputformat>
        </script>
        <script>
            <#outputformat "JavaScript">
            (function () {
                var button = document.getElementById("totp-mfa-copy-secret");
                var secret = document.getElementById("totp-mfa-secret");
                var status = document.getElementById("totp-mfa-copy-status");
                if (!navigator.clipboard || !button || !secret) {
                    return;
                }
                button.hidden = false;
                button.addEventListener("click", function () {
                    navigator.clipboard.writeText(secret.textContent.replace(/\s+/g, "")).then(function () {
                        status.textContent = button.getAttribute("data-copied-label");
                    });
                });
            })();
            </#outputformat>
        </script>
    </#if>
</@layout.registrationLayout>
