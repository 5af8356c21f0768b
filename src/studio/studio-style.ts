// The studio's one stylesheet: inline, allowed by its hash in the Content-Security-Policy, no fonts or images.

export const STUDIO_STYLE = `*{box-sizing:border-box}body{font:1rem/1.5 system-ui,sans-serif;margin:0;color:#111;background:#f6f6f4}
header.top{background:#123;color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:1rem;align-items:center}
header.top a{color:#fff;text-decoration:none;font-weight:600}header.top .brand{font-size:1.15rem;margin-right:1rem}
header.top form{margin-left:auto}header.top button{background:#234;color:#fff;border-color:#567;min-height:2rem;padding:.2rem .6rem}
.sealed{background:#e8f3ea;border-bottom:2px solid #2a6b3a;padding:.45rem 1rem;font-weight:600;color:#174a25}
.sealed.nokey{background:#fdf1dc;border-color:#a06000;color:#6a3d00}.sealed small{font-weight:400;margin-left:.5rem}
nav.study{background:#fff;border-bottom:1px solid #ccc;padding:0 1rem;display:flex;flex-wrap:wrap;gap:.2rem;align-items:end}
nav.study .name{font-weight:700;margin-right:1rem;padding:.6rem 0}
nav.study a{padding:.6rem .8rem;color:#124;text-decoration:none;border-bottom:3px solid transparent}
nav.study a[aria-current]{border-color:#124;font-weight:700}
main{max-width:60rem;margin:0 auto;padding:1rem 1.2rem 3rem}h1{font-size:1.5rem;margin:.6rem 0 1rem}h2{font-size:1.2rem;margin:1.6rem 0 .5rem}
a{color:#124}.card{background:#fff;border:1px solid #ccc;border-radius:.4rem;padding:.8rem 1rem;margin:0 0 1rem}
label{display:block;font-weight:600;margin:.8rem 0 .2rem}label.inline{display:flex;gap:.4rem;align-items:center;font-weight:400;margin:.6rem 0}
details.advanced{margin:.6rem 0}details.advanced summary{cursor:pointer;color:#124}details.log{margin:1rem 0 0;border-top:1px solid #ccc;padding-top:.6rem}details.log summary{cursor:pointer;color:#124;font-weight:600}
.help{color:#444;font-size:.92rem;margin:.1rem 0 .3rem}
input[type=text],input[type=password],input[type=number],input[type=url],textarea,select{font:inherit;padding:.4rem;border:1px solid #777;border-radius:.2rem;width:100%;max-width:32rem}
textarea{min-height:8rem;font-family:monospace;max-width:100%}input[type=number]{max-width:8rem}
button,.button{font:inherit;min-height:2.5rem;padding:.45rem 1rem;border:1px solid #333;background:#eee;color:#111;border-radius:.3rem;cursor:pointer;display:inline-block;text-decoration:none}
button.go,.button.go{background:#124;color:#fff;border-color:#124}.actions{margin:1rem 0;display:flex;gap:.6rem;flex-wrap:wrap}
table{border-collapse:collapse;width:100%;background:#fff}th,td{text-align:left;padding:.35rem .6rem;border-bottom:1px solid #ddd;vertical-align:top}
.problems{list-style:none;padding:0}.problems li{border-left:4px solid #a00;background:#fff;padding:.4rem .7rem;margin:.4rem 0}
.problems li.warning{border-color:#a06000}p.warning{border-left:4px solid #a06000;background:#fff;padding:.5rem .8rem;color:#6a3d00}fieldset{border:1px solid #ccc;border-radius:.3rem;margin:1rem 0;padding:.2rem .8rem .6rem}legend{font-weight:700;padding:0 .3rem}.where{font-family:monospace;color:#444}.sev{font-weight:700;text-transform:uppercase;font-size:.8rem;margin-right:.4rem}
.hint{color:#333;display:block;margin-top:.15rem}.ok{border-left:4px solid #2a6b3a;background:#fff;padding:.5rem .8rem}
.error{border-left:4px solid #a00;background:#fff;padding:.5rem .8rem;color:#700;font-weight:600}
.pages{display:flex;flex-wrap:wrap;gap:.3rem;margin:.5rem 0}.pages a{padding:.3rem .6rem;border:1px solid #999;border-radius:.2rem;text-decoration:none;background:#fff}
.pages a[aria-current]{background:#124;color:#fff;border-color:#124}
iframe.preview{width:100%;max-width:26rem;height:44rem;border:8px solid #333;border-radius:1rem;background:#fff}
.mono,.share,.coupon{font-family:monospace;overflow-wrap:anywhere}.coupon{font-size:1.4rem;letter-spacing:.08em}
.strength{font-weight:700}.strength.weak{color:#a00}.strength.fair{color:#a06000}.strength.good{color:#2a6b3a}
.sheet{background:#fff;border:1px solid #999;padding:1.5rem;margin:1rem 0}.cut{border-top:1px dashed #666;padding:1rem 0}
@media print{header.top,nav.study,.sealed,.actions,.noprint{display:none}body{background:#fff}main{max-width:none;padding:0}
.sheet{border:0;padding:0;margin:0;page-break-after:always}.card{border:0}}`;
