<#import "template.ftl" as layout>
<@layout.emailLayout>
<p>${msg(noticeBodyKey, realmName, deviceLabel, recoveryCodesRemaining)}</p>
<p>${msg("totpMfaNoticeNotYou")}</p>
</@layout.emailLayout>
