// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/server/demodata.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace server::demo {

namespace {

// Message times below are seconds relative to "now" (negative), so the demo always shows recent messages.
// Contents follow ../shared/fixtures/push-events.jsonl.
constexpr char relativeDataSet[] = R"hu60({
 "users": [
  {
   "uid": 10086,
   "name": "小明",
   "sid": "Hu60DemoSid10086XiaoMing0001",
   "password": "demo1234",
   "signature": "Qt 6 爱好者",
   "regtime": 1514736000
  },
  {
   "uid": 1,
   "name": "老虎会游泳",
   "sid": "Hu60DemoSid00001LaoHu000001",
   "password": "admin1234",
   "signature": "站长",
   "regtime": 1262304000
  },
  {
   "uid": 2333,
   "name": "阿三",
   "sid": "Hu60DemoSid02333ASan0000001",
   "password": "asan1234",
   "regtime": 1546272000
  },
  {
   "uid": 520,
   "name": "小红",
   "sid": "Hu60DemoSid00520XiaoHong001",
   "password": "hong1234",
   "regtime": 1577808000
  },
  {
   "uid": -50,
   "name": "ChatGPT",
   "sid": "Hu60DemoSidRobot50ChatGPT001",
   "signature": "我是 ChatGPT 机器人，@我 即可对话",
   "regtime": 1676700000
  },
  {
   "uid": -51,
   "name": "文心一言",
   "sid": "Hu60DemoSidRobot51Wenxin0001",
   "signature": "百度文心一言机器人",
   "regtime": 1679000000
  },
  {
   "uid": -56,
   "name": "通义千问",
   "sid": "Hu60DemoSidRobot56Qianwen001",
   "signature": "阿里通义千问机器人",
   "regtime": 1681000000
  },
  {
   "uid": -100,
   "name": "系统消息",
   "signature": "系统账号",
   "regtime": 1262304000
  },
  {
   "uid": -150,
   "name": "虎绿林小助手",
   "sid": "Hu60DemoSidRobot150Helper001",
   "signature": "帮你找帖子",
   "regtime": 1690000000
  }
 ],
 "messages": [
  {
   "id": 2000090,
   "touid": 10086,
   "byuid": 2333,
   "type": 0,
   "isread": 1,
   "content": [
    {
     "type": "text",
     "value": "上周的帖子我看了，写得不错"
    },
    {
     "type": "face",
     "face": "滑稽"
    }
   ],
   "ctime": -87300,
   "rtime": -87240
  },
  {
   "id": 2000100,
   "touid": 10086,
   "byuid": 2333,
   "type": 0,
   "isread": 0,
   "content": [
    {
     "type": "text",
     "value": "晚上一起开黑吗？\n老地方见"
    },
    {
     "type": "face",
     "face": "哈哈"
    },
    {
     "type": "face",
     "face": "ok"
    }
   ],
   "ctime": -800,
   "rtime": 0
  },
  {
   "id": 2000101,
   "touid": 10086,
   "byuid": 520,
   "type": 0,
   "isread": 0,
   "content": [
    {
     "type": "markdown"
    },
    {
     "type": "text",
     "value": "## 部署步骤\n1. 先编译："
    },
    {
     "type": "mdpre",
     "data": "`cmake --build build -j`"
    },
    {
     "type": "text",
     "value": "\n2. 文档见 "
    },
    {
     "type": "mdpre",
     "data": "https://doc.qt.io/qt-6/qwebsocket.html"
    },
    {
     "type": "text",
     "value": "\n3. 有问题发邮件 "
    },
    {
     "type": "mdpre",
     "data": "xiaoming@example.com"
    },
    {
     "type": "text",
     "value": "\n\n"
    },
    {
     "type": "mdcode",
     "lang": "cpp",
     "data": "\nQWebSocket ws;\nws.open(QUrl(\"wss://hu60.cn/ws/msg?_sid=\" + sid));\nif (a < b && b > c) { qDebug() << \"ok\"; }\n",
     "quote": "```"
    },
    {
     "type": "text",
     "value": "\n| 列1 | 列2 |\n|---|---|\n| **粗体** | _斜体_ |\n\n"
    },
    {
     "type": "face",
     "face": "滑稽"
    }
   ],
   "ctime": -700,
   "rtime": 0
  },
  {
   "id": 2000102,
   "touid": 10086,
   "byuid": 2333,
   "type": 1,
   "isread": 0,
   "content": [
    {
     "type": "atMsg",
     "uid": 2333,
     "pos": "帖子“Qt6 托盘程序开发记录”的12楼",
     "url": "bbs.topic.105001.{$BID}?floor=12#12",
     "msg": [
      {
       "type": "markdown"
      },
      {
       "type": "text",
       "value": "\n"
      },
      {
       "type": "at",
       "tag": "小明",
       "uid": 10086
      },
      {
       "type": "text",
       "value": "，你看这个截图：\n"
      },
      {
       "type": "img",
       "src": "https://file.hu60.cn/file/3b/3b5d5c3712955042212316173ccf37be.png#320",
       "alt": "托盘图标"
      },
      {
       "type": "text",
       "value": "\n参考 "
      },
      {
       "type": "url",
       "url": "https://doc.qt.io/qt-6/qsystemtrayicon.html",
       "title": "QSystemTrayIcon 文档"
      },
      {
       "type": "text",
       "value": "\n"
      },
      {
       "type": "mdcode",
       "lang": "",
       "data": "\n  tray->showMessage(\"hu60\", text);\n  ",
       "quote": "````",
       "indent": "  "
      },
      {
       "type": "text",
       "value": "\n"
      },
      {
       "type": "face",
       "face": "滑稽"
      },
      {
       "type": "face",
       "face": "喷"
      }
     ]
    }
   ],
   "ctime": -600,
   "rtime": 0
  },
  {
   "id": 2000104,
   "touid": 10086,
   "byuid": -50,
   "type": 1,
   "isread": 0,
   "content": [
    {
     "type": "atMsg",
     "uid": -50,
     "pos": "聊天室“hu60bot”第1234楼中",
     "url": "addin.chat.hu60bot.{$BID}?floor=1234#1234",
     "msg": [
      {
       "type": "markdown"
      },
      {
       "type": "text",
       "value": "\n[新会话] "
      },
      {
       "type": "at",
       "tag": "#10086",
       "uid": 10086
      },
      {
       "type": "text",
       "value": "，你好！示例如下：\n"
      },
      {
       "type": "mdcode",
       "lang": "python",
       "data": "\nprint(\"你好, hu60\")\n",
       "quote": "```"
      },
      {
       "type": "text",
       "value": "\n> 引用一段话\n\n- 列表项 1\n- 列表项 2\n"
      }
     ]
    }
   ],
   "ctime": -500,
   "rtime": 0
  },
  {
   "id": 2000105,
   "touid": 10086,
   "byuid": 2333,
   "type": 1,
   "isread": 0,
   "content": [
    {
     "type": "atMsg",
     "uid": 2333,
     "pos": "聊天室“闲聊 灌水”第77楼中",
     "url": "addin.chat.%E9%97%B2%E8%81%8A+%E7%81%8C%E6%B0%B4.{$BID}?floor=77#77",
     "msg": [
      {
       "type": "at",
       "tag": "小明",
       "uid": 10086
      },
      {
       "type": "text",
       "value": " 来灌水 "
      },
      {
       "type": "face",
       "face": "不高兴"
      }
     ]
    }
   ],
   "ctime": -400,
   "rtime": 0
  },
  {
   "id": 2000106,
   "touid": 10086,
   "byuid": 1,
   "type": 1,
   "isread": 0,
   "content": [
    {
     "type": "atMsg",
     "uid": 1,
     "pos": "帖子“【公告】新版推送服务上线”中",
     "url": "bbs.topic.105002.{$BID}#0",
     "msg": [
      {
       "type": "text",
       "value": "欢迎大家测试 "
      },
      {
       "type": "at",
       "tag": "小明",
       "uid": 10086
      },
      {
       "type": "newline",
       "tag": "br"
      },
      {
       "type": "text",
       "value": "第二行"
      },
      {
       "type": "newline",
       "tag": "hr"
      },
      {
       "type": "layout",
       "tag": "b"
      },
      {
       "type": "text",
       "value": "粗体"
      },
      {
       "type": "layout",
       "tag": "/b"
      },
      {
       "type": "tab"
      },
      {
       "type": "text",
       "value": "缩进后的文字"
      }
     ]
    }
   ],
   "ctime": -300,
   "rtime": 0
  },
  {
   "id": 2000112,
   "touid": 10086,
   "byuid": 2333,
   "type": 0,
   "isread": 0,
   "content": [
    {
     "type": "text",
     "value": "<script>alert('xss')</script> & <b>不是粗体</b> &amp; 1<2"
    }
   ],
   "ctime": -200,
   "rtime": 0
  },
  {
   "id": 2000120,
   "touid": 10086,
   "byuid": 1,
   "type": 0,
   "isread": 0,
   "content": [
    {
     "type": "adminEdit",
     "uid": 1,
     "pos": "帖子“Qt6 托盘程序开发记录”的5楼",
     "url": "bbs.topic.105001.{$BID}?floor=5#5",
     "reason": "删除广告链接",
     "oriData": [
      {
       "type": "text",
       "value": "买课加群 "
      },
      {
       "type": "urltxt",
       "url": "http://spam.example.com"
      },
      {
       "type": "face",
       "face": "哈哈"
      }
     ]
    }
   ],
   "ctime": -100,
   "rtime": 0
  }
 ],
 "topics": [
  {"tid": 105001, "title": "Qt6 托盘程序开发记录", "uid": 2333, "ctime": -86400},
  {"tid": 105002, "title": "【公告】新版推送服务上线", "uid": 1, "ctime": -7200, "commentsClosed": true}
 ],
 "posts": [
  {"id": 1, "tid": 105001, "floor": 0, "uid": 2333, "time": -86400,
   "content": [{"type": "markdown"}, {"type": "text", "value": "记录一下用 Qt 6 写托盘程序的过程。"}]},
  {"id": 2, "tid": 105001, "floor": 5, "uid": 520, "time": -3000,
   "content": [{"type": "text", "value": "托盘图标在 GNOME 上要装扩展才看得到。"}]},
  {"id": 3, "tid": 105001, "floor": 12, "uid": 2333, "time": -600,
   "content": [{"type": "text", "value": "@小明 你那边 Wayland 下弹窗正常吗？"}]},
  {"id": 4, "tid": 105002, "floor": 0, "uid": 1, "time": -7200,
   "content": [{"type": "text", "value": "新版推送服务上线，欢迎大家测试。"}]},
  {"id": 5, "room": "hu60bot", "floor": 1234, "uid": -50, "time": -900,
   "content": [{"type": "markdown"}, {"type": "text", "value": "[新会话] @#10086，有什么可以帮你？"}]},
  {"id": 6, "room": "闲聊 灌水", "floor": 77, "uid": 2333, "time": -300,
   "content": [{"type": "text", "value": "@小明 晚上开黑吗？"}]}
 ]
})hu60";

} // namespace

QByteArray dataSet()
{
    QJsonObject root = QJsonDocument::fromJson(QByteArray(relativeDataSet)).object();
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QJsonArray messages = root.value(u"messages").toArray();
    for (auto it = messages.begin(); it != messages.end(); ++it) {
        QJsonObject m = it->toObject();
        m.insert(u"ctime", now + m.value(u"ctime").toInteger());
        if (m.value(u"rtime").toInteger() != 0)
            m.insert(u"rtime", now + m.value(u"rtime").toInteger());
        *it = m;
    }
    root.insert(u"messages", messages);
    for (const char* key : {"topics", "posts"}) {
        const char* timeKey = QByteArrayView(key) == "topics" ? "ctime" : "time";
        QJsonArray list = root.value(QLatin1String(key)).toArray();
        for (auto it = list.begin(); it != list.end(); ++it) {
            QJsonObject o = it->toObject();
            o.insert(QLatin1String(timeKey), now + o.value(QLatin1String(timeKey)).toInteger());
            *it = o;
        }
        root.insert(QLatin1String(key), list);
    }
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

} // namespace server::demo
