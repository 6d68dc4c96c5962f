/**
 * What the printed stop sheet tells riders about SMS: the number to text the stop code to. A placeholder until
 * the SMS gateway's number is known (the api answers it at POST /api/v1/sms/inbound); change it here only.
 */
export const SMS_NUMBER = '94000'
