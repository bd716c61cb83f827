/** A name part: kanji, katakana reading, and the romaji used to build e-mail addresses. */
export interface NamePart {
  kanji: string;
  kana: string;
  romaji: string;
}

const parse = (table: string): NamePart[] =>
  table
    .trim()
    .split(/\s+/)
    .map((entry) => {
      const [kanji = '', kana = '', romaji = ''] = entry.split(':');
      return { kanji, kana, romaji };
    });

/** Common Japanese family names. */
export const LAST_NAMES: readonly NamePart[] = parse(`
佐藤:サトウ:sato 鈴木:スズキ:suzuki 高橋:タカハシ:takahashi 田中:タナカ:tanaka 伊藤:イトウ:ito
渡辺:ワタナベ:watanabe 山本:ヤマモト:yamamoto 中村:ナカムラ:nakamura 小林:コバヤシ:kobayashi
加藤:カトウ:kato 吉田:ヨシダ:yoshida 山田:ヤマダ:yamada 佐々木:ササキ:sasaki 山口:ヤマグチ:yamaguchi
松本:マツモト:matsumoto 井上:イノウエ:inoue 木村:キムラ:kimura 林:ハヤシ:hayashi 斎藤:サイトウ:saito
清水:シミズ:shimizu 山崎:ヤマザキ:yamazaki 森:モリ:mori 池田:イケダ:ikeda 橋本:ハシモト:hashimoto
阿部:アベ:abe 石川:イシカワ:ishikawa 山下:ヤマシタ:yamashita 中島:ナカジマ:nakajima 石井:イシイ:ishii
小川:オガワ:ogawa 前田:マエダ:maeda 岡田:オカダ:okada 長谷川:ハセガワ:hasegawa 藤田:フジタ:fujita
後藤:ゴトウ:goto 近藤:コンドウ:kondo 村上:ムラカミ:murakami 遠藤:エンドウ:endo 青木:アオキ:aoki
坂本:サカモト:sakamoto 斉藤:サイトウ:saito 福田:フクダ:fukuda 太田:オオタ:ota 西村:ニシムラ:nishimura
藤井:フジイ:fujii 金子:カネコ:kaneko 岡本:オカモト:okamoto 藤原:フジワラ:fujiwara 中野:ナカノ:nakano
三浦:ミウラ:miura 原田:ハラダ:harada 中川:ナカガワ:nakagawa 松田:マツダ:matsuda 竹内:タケウチ:takeuchi
小野:オノ:ono 田村:タムラ:tamura 中山:ナカヤマ:nakayama 和田:ワダ:wada 石田:イシダ:ishida
上田:ウエダ:ueda 森田:モリタ:morita 原:ハラ:hara 柴田:シバタ:shibata 酒井:サカイ:sakai
工藤:クドウ:kudo 横山:ヨコヤマ:yokoyama 宮崎:ミヤザキ:miyazaki 宮本:ミヤモト:miyamoto 内田:ウチダ:uchida
高木:タカギ:takagi 安藤:アンドウ:ando 谷口:タニグチ:taniguchi 大野:オオノ:ono 丸山:マルヤマ:maruyama
今井:イマイ:imai 河野:コウノ:kono 藤本:フジモト:fujimoto 村田:ムラタ:murata 武田:タケダ:takeda
`);

/** Given names usually read as female. */
export const FEMALE_FIRST_NAMES: readonly NamePart[] = parse(`
花子:ハナコ:hanako 陽菜:ヒナ:hina 結衣:ユイ:yui 美咲:ミサキ:misaki さくら:サクラ:sakura
葵:アオイ:aoi 凛:リン:rin 芽依:メイ:mei 彩花:アヤカ:ayaka 真由美:マユミ:mayumi
恵子:ケイコ:keiko 裕子:ユウコ:yuko 直美:ナオミ:naomi 智子:トモコ:tomoko 由美:ユミ:yumi
麻衣:マイ:mai 舞:マイ:mai 愛:アイ:ai 千尋:チヒロ:chihiro 美穂:ミホ:miho
香織:カオリ:kaori 明美:アケミ:akemi 久美子:クミコ:kumiko 幸子:サチコ:sachiko 優子:ユウコ:yuko
莉子:リコ:riko 杏:アン:an 紬:ツムギ:tsumugi 楓:カエデ:kaede 五月:サツキ:satsuki
`);

/** Given names usually read as male. */
export const MALE_FIRST_NAMES: readonly NamePart[] = parse(`
太郎:タロウ:taro 一郎:イチロウ:ichiro 次郎:ジロウ:jiro 健太:ケンタ:kenta 翔太:ショウタ:shota
大輔:ダイスケ:daisuke 拓也:タクヤ:takuya 直樹:ナオキ:naoki 誠:マコト:makoto 浩:ヒロシ:hiroshi
隆:タカシ:takashi 剛:ツヨシ:tsuyoshi 翔:ショウ:sho 蓮:レン:ren 湊:ミナト:minato
大翔:ヒロト:hiroto 悠真:ユウマ:yuma 陽斗:ハルト:haruto 和也:カズヤ:kazuya 達也:タツヤ:tatsuya
健一:ケンイチ:kenichi 修:オサム:osamu 学:マナブ:manabu 亮:リョウ:ryo 優斗:ユウト:yuto
正樹:マサキ:masaki 雄一:ユウイチ:yuichi 康介:コウスケ:kosuke 智也:トモヤ:tomoya 悠人:ユウト:yuto
`);

/** Given names commonly used for anyone. */
export const NEUTRAL_FIRST_NAMES: readonly NamePart[] = parse(`
薫:カオル:kaoru 光:ヒカル:hikaru 翼:ツバサ:tsubasa 渚:ナギサ:nagisa 真琴:マコト:makoto
晶:アキラ:akira 遥:ハルカ:haruka 瑞希:ミズキ:mizuki 歩:アユム:ayumu 忍:シノブ:shinobu
`);
