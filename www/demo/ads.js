// Stand-in for a behavioural-targeting ad tag: sets its ad cookie and says it ran.
document.cookie = '_sadid=' + Math.floor(Math.random() * 1e9) + '; Max-Age=3600; Path=/; SameSite=Lax';
window.demoMark('ads');
