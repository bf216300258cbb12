/* 进度查询: look a suggestion number up in tracking/<year>.json, published with the site.
 * Plain ES5, no library, no request to any other host. Record values only ever
 * reach the page through textContent, never as HTML. */
(function () {
  "use strict";
  var script = document.currentScript;
  // The data sits at the site root, two folders above this script (assets/javascripts/),
  // so the lookup works wherever the site is served, e.g. under /repo/ on GitHub Pages.
  var root = script ? script.src.replace(/assets\/javascripts\/tracking\.js(?:[?#].*)?$/, "") : "../";
  var shards = {};
  var OPEN = { "已交办": true, "办理中": true };
  var HANDLED = { "已答复": true, "已办结": true };
  var ENDED = { "已办结": true, "不予受理": true, "合并办理": true };
  var form, input, result;

  // "２０２６ｗ４２", "2026 - x 7", "2026-W0042" → "2026-W0042"; null if it is no number.
  function normalize(text) {
    text = String(text).replace(/[\uff01-\uff5e]/g, function (ch) {
      return String.fromCharCode(ch.charCodeAt(0) - 0xfee0);
    });
    text = text.replace(/\s+/g, "").replace(/[\u2010-\u2015\u2212\u30fc_]/g, "-").toUpperCase();
    var match = /^(20\d\d)-*([WX])-*(\d+)$/.exec(text);
    if (!match) return null;
    var digits = match[3]; // 4 to 6 digits as typed (2026-X0123 and 2026-X000123 are two numbers)
    if (digits.length > 6) return null;
    while (digits.length < 4) digits = "0" + digits;
    return match[1] + "-" + match[2] + digits;
  }

  // The offline copy opened from disk (file:): the browser reads no file by XMLHttpRequest there, so
  // each year's data is also a script, tracking/<year>.js (scripts/yizheng/site/offline.py), setting
  // window.__yzTracking[year]; a missing file is a year with nothing in it.
  function loadFromDisk(year, done) {
    var tag = document.createElement("script");
    tag.src = root + "tracking/" + year + ".js";
    tag.onload = function () {
      var all = window.__yzTracking || {};
      shards[year] = all[year] || {};
      done(shards[year]);
    };
    tag.onerror = function () {
      done({});
    };
    document.body.appendChild(tag);
  }

  function load(year, done) {
    if (shards[year]) return done(shards[year]);
    if (location.protocol === "file:") return loadFromDisk(year, done);
    var xhr = new XMLHttpRequest();
    xhr.open("GET", root + "tracking/" + year + ".json");
    xhr.onload = function () {
      if (xhr.status === 404) return done({}); // nothing from that year
      if (xhr.status !== 200) return done(null);
      try {
        shards[year] = JSON.parse(xhr.responseText);
      } catch (err) {
        return done(null);
      }
      done(shards[year]);
    };
    xhr.onerror = function () {
      done(null);
    };
    xhr.send();
  }

  function el(tag, text) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function show(nodes, focus) {
    while (result.firstChild) result.removeChild(result.firstChild);
    for (var i = 0; i < nodes.length; i++) result.appendChild(nodes[i]);
    if (focus) {
      nodes[0].setAttribute("tabindex", "-1");
      nodes[0].focus();
    }
  }

  function say(text) {
    var p = el("p");
    p.appendChild(el("strong", text));
    show([p]);
  }

  function today() {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  // A date as readers write it, "2026年9月24日", kept on one line (class yz-date, as on the pages).
  function readable(iso) {
    var parts = String(iso).split("-");
    if (parts.length !== 3) return String(iso);
    return parts[0] + "年" + parseInt(parts[1], 10) + "月" + parseInt(parts[2], 10) + "日";
  }

  function dated(tag, label, iso, after) {
    var node = el(tag, label);
    node.appendChild(el("span", readable(iso))).className = "yz-date";
    if (after) node.appendChild(document.createTextNode(after));
    return node;
  }

  // One row of 办理经过: [date, status] or, for an evaluation, [date, status, 满意度].
  function step(entry) {
    if (!entry[2]) return entry[1];
    return "满意度评价：" + entry[2] + (entry[1] === "办理中" ? "，重新办理" : "");
  }

  function report(number, item) {
    var nodes = [el("h2", "查询编号 " + number)];
    var status = el("p", "目前状态：");
    status.appendChild(el("strong", item.status));
    if (item.evaluated) status.appendChild(document.createTextNode("（已评价，等待办结）"));
    nodes.push(status);
    if (item.evaluated) nodes.push(el("p", "满意度评价：" + item.evaluated));
    nodes.push(dated("p", "提出日期：", item.submitted));
    if (item.deadline && !ENDED[item.status]) {
      var late = OPEN[item.status] && item.deadline < today() ? "（已超过办理期限）" : "";
      nodes.push(dated("p", "办理期限：", item.deadline, late));
    }
    if (item.reason) nodes.push(el("p", "不予受理的理由：" + item.reason));
    if (item.merged_into) {
      var merged = el("p", "已与 " + item.merged_into + " 合并办理。");
      var other = el("a", "查询 " + item.merged_into);
      other.href = "?no=" + encodeURIComponent(item.merged_into);
      merged.appendChild(other);
      nodes.push(merged);
    }
    var table = el("table");
    table.appendChild(el("caption", "办理经过"));
    var head = el("tr");
    head.appendChild(el("th", "日期"));
    head.appendChild(el("th", "状态"));
    table.appendChild(head);
    for (var i = 0; i < item.history.length; i++) {
      var row = el("tr");
      row.appendChild(dated("td", "", item.history[i][0]));
      row.appendChild(el("td", step(item.history[i])));
      table.appendChild(row);
    }
    nodes.push(table);
    if (item.published && item.url) {
      var p = el("p");
      var link = el("a", "查看这条意见建议的全文和答复");
      // Pages are folders on the web (a/b/) and files in the offline copy (a/b.html).
      link.href = root + (location.protocol === "file:" ? item.url.replace(/\/$/, ".html") : item.url);
      p.appendChild(link);
      nodes.push(p);
    } else if (HANDLED[item.status]) {
      nodes.push(el("p", "提出人没有同意公开全文，这里只显示办理进度。"));
    } else if (!ENDED[item.status]) {
      nodes.push(el("p", "答复或办结后，经提出人同意，将公开全文和答复。"));
    }
    show(nodes, true);
  }

  function lookup(raw) {
    if (!String(raw).replace(/\s+/g, "")) return say("请先输入查询编号，例如 2026-W0042。");
    var number = normalize(raw);
    if (!number) {
      return say("“" + raw + "”不是有效的查询编号。查询编号由年份、字母 W 或 X 和数字组成，" +
        "例如 2026-W0042 或 2026-X0007，请核对后重新输入。");
    }
    say("正在查询 " + number + " ……");
    load(number.slice(0, 4), function (shard) {
      if (shard === null) return say("暂时无法查询，请检查网络后再试一次。");
      var item = Object.prototype.hasOwnProperty.call(shard, number) ? shard[number] : null;
      if (!item) {
        return say("没有找到编号为 " + number + " 的意见建议。请核对编号；" +
          "刚提交的意见建议要在受理后、网站下一次更新时才能查到。");
      }
      report(number, item);
    });
  }

  function start() {
    form = document.getElementById("yz-track");
    input = document.getElementById("yz-track-number");
    result = document.getElementById("yz-track-result");
    if (!form || !input || !result) return;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      lookup(input.value);
    });
    var given = /[?&]no=([^&#]*)/.exec(window.location.search);
    if (given) {
      try {
        input.value = decodeURIComponent(given[1].replace(/\+/g, " "));
      } catch (err) {
        input.value = given[1];
      }
      lookup(input.value);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
