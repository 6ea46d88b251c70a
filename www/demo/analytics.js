// Stand-in for an analytics tag: sets analytics cookies, as GA4 does, and says it ran.
document.cookie = '_ga=GA1.1.' + Math.floor(Math.random() * 1e9) + '; Max-Age=3600; Path=/; SameSite=Lax';
document.cookie = '_ga_DEMO42=GS1.1.' + Date.now() + '; Max-Age=3600; Path=/; SameSite=Lax';
window.demoMark('analytics');
