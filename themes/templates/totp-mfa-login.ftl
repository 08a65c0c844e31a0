<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('otp','recoveryCode'); section>
<!-- template: totp-mfa-login.ftl -->
    <#if section = "header">
        <#if totpMfaLogin.recoveryCodesRemaining??>
            ${msg("totpMfaRecoveryAcceptedTitle")}
        <#else>
            ${msg("totpMfaLoginTitle")}
        </#if>
    <#elseif section = "form">
        <#if totpMfaLogin.recoveryCodesRemaining??>
            <form id="totp-mfa-recovery-offer-form" class="${properties.kcFormClass!}" action="${url.loginAction}"
                  method="post">
                <p id="totp-mfa-recovery-remaining" role="status">${totpMfaLogin.recoveryCodesRemainingText}</p>
                <#if totpMfaLogin.setupOffered>
                    <p>${msg("totpMfaRecoveryOfferSetup")}</p>
                </#if>
                <@buttons.actionGroup>
                    <#if totpMfaLogin.setupOffered>
                        <@buttons.button id="totp-mfa-recovery-offer-setup" name="recoveryOffer" value="setup"
                                         label="totpMfaRecoveryOfferSetupButton" />
                        <@buttons.button id="totp-mfa-recovery-offer-skip" name="recoveryOffer" value="skip"
                                         label="totpMfaRecoveryOfferSkipButton" type="secondary" />
                    <#else>
                        <@buttons.button id="totp-mfa-recovery-offer-skip" name="recoveryOffer" value="skip"
                                         label="doContinue" />
                    </#if>
                </@buttons.actionGroup>
            </form>
        <#else>
            <form id="totp-mfa-login-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
                <#if totpMfaLogin.devices?size gt 1>
                    <fieldset id="totp-mfa-devices" class="${properties.kcFormGroupClass!}">
                        <legend class="${properties.kcFormLabelClass!}">
                            <span class="${properties.kcFormLabelTextClass!}">${msg("totpMfaLoginChooseDevice")}</span>
                        </legend>
                        <#list totpMfaLogin.devices as device>
                            <div class="pf-v5-c-radio">
                                <input class="pf-v5-c-radio__input" type="radio" name="selectedCredentialId"
                                       id="totp-mfa-device-${device?index}" value="${device.id}"
                                       <#if (totpMfaLogin.selectedCredentialId!"") == device.id>checked</#if>>
                                <label class="pf-v5-c-radio__label" for="totp-mfa-device-${device?index}">${device.userLabel!msg("totpMfaUnnamedDevice")}</label>
                            </div>
                        </#list>
                        <p class="${properties.kcFormHelperTextClass!}">${msg("totpMfaLoginAnyDeviceHint")}</p>
                    </fieldset>
                </#if>

                <@field.input name="otp" label=msg("totpMfaLoginCodeLabel") autocomplete="one-time-code" required=true
                              autofocus=!totpMfaLogin.recoveryOpen />

                <#if totpMfaLogin.trustBrowserText??>
                    <#-- Not field.checkbox: its id is the field's name, and the page's public id is totp-mfa-trust-browser. -->
                    <div class="${properties.kcFormGroupClass!}">
                        <div class="${properties.kcCheckboxClass!}">
                            <label for="totp-mfa-trust-browser" class="${properties.kcCheckboxClass!}">
                                <input class="${properties.kcCheckboxInputClass!}" type="checkbox"
                                       id="totp-mfa-trust-browser" name="trustBrowser" value="on">
                                <span class="${properties.kcCheckboxLabelClass!}">${totpMfaLogin.trustBrowserText}</span>
                            </label>
                        </div>
                    </div>
                </#if>

                <@buttons.actionGroup>
                    <@buttons.button id="totp-mfa-login-submit" name="login" label="doLogIn" />
                </@buttons.actionGroup>
            </form>

            <#if totpMfaLogin.recoveryAvailable>
                <details id="totp-mfa-use-recovery" class="pf-v5-u-mt-lg" <#if totpMfaLogin.recoveryOpen>open</#if>>
                    <summary>${msg("totpMfaUseRecoveryCode")}</summary>
                    <form id="totp-mfa-recovery-form" class="${properties.kcFormClass!}" action="${url.loginAction}"
                          method="post">
                        <p>${msg("totpMfaRecoveryHelp")}</p>
                        <@field.input name="recoveryCode" label=msg("totpMfaRecoveryCodeLabel") autocomplete="off"
                                      required=true autofocus=totpMfaLogin.recoveryOpen />
                        <@buttons.actionGroup>
                            <@buttons.button id="totp-mfa-recovery-submit" name="useRecoveryCode"
                                             label="totpMfaRecoverySubmit" type="secondary" />
                        </@buttons.actionGroup>
                    </form>
                </details>
            </#if>
        </#if>
    </#if>
</@layout.registrationLayout>
