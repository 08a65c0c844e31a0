<#import "template.ftl" as layout>
<@layout.emailLayout>
<p>${noticeBody}</p>
<p>${msg(noticeClosingKey)}</p>
</@layout.emailLayout>
