<#import "template.ftl" as layout>
<@layout.emailLayout>
<p>${msg(noticeBodyKey, realmName, deviceLabel?has_content?then(deviceLabel, msg("totpMfaUnnamedDevice")), recoveryCodesRemaining)}</p>
<p>${msg(noticeClosingKey)}</p>
</@layout.emailLayout>
