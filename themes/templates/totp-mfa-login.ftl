<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('otp'); section>
<!-- template: totp-mfa-login.ftl -->
    <#if section = "header">
        ${msg("totpMfaLoginTitle")}
    <#elseif section = "form">
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
                          autofocus=true />

            <@buttons.actionGroup>
                <@buttons.button id="totp-mfa-login-submit" name="login" label="doLogIn" />
            </@buttons.actionGroup>
        </form>
    </#if>
</@layout.registrationLayout>
