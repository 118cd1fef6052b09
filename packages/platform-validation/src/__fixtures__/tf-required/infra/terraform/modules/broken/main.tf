resource "aws_sqs_queue_policy" "this" {
  queue_url = "https://sqs.eu-west-1.amazonaws.com/000000000000/orders"
}
