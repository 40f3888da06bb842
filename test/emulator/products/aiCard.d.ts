/** Types for the card platform's AI cards in the emulator (products/aiCard.js). */
/** DingTalk's public AI-card template id (flowStatus + msgContent). */
export declare const PUBLIC_AI_CARD_TEMPLATE: string;
